namespace CheckpointIoT.Gateway.Tests.Metrics;

/// <summary>What <see cref="ExpositionParser"/> read: HELP and TYPE per family, samples in order.</summary>
internal sealed class ParsedExposition
{
    public Dictionary<string, string> Help { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public List<ParsedSample> Samples { get; } = [];

    public double Value(string name) => Samples.Single(s => s.Name == name && s.Labels.Count == 0).Value;

    public double Value(string name, string labelName, string labelValue) =>
        Samples.Single(s => s.Name == name && s.Labels.TryGetValue(labelName, out var v) && v == labelValue).Value;
}
