namespace CheckpointIoT.Gateway.Tests.Metrics;

/// <summary>One sample line as <see cref="ExpositionParser"/> read it (labels unescaped).</summary>
internal sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
