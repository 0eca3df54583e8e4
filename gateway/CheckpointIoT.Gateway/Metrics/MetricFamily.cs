namespace CheckpointIoT.Gateway.Metrics;

/// <summary>One registered name: HELP, TYPE and a writer for its sample lines.</summary>
internal sealed class MetricFamily
{
    private readonly Action<TextWriter> _writeSamples;

    public MetricFamily(string name, string help, string type, Action<TextWriter> writeSamples)
    {
        Name = name;
        Help = help;
        Type = type;
        _writeSamples = writeSamples;
    }

    public string Name { get; }

    public string Help { get; }

    public string Type { get; }

    public void WriteTo(TextWriter writer)
    {
        writer.Write("# HELP ");
        writer.Write(Name);
        writer.Write(' ');
        writer.Write(PrometheusText.EscapeHelp(Help));
        writer.Write('\n');
        writer.Write("# TYPE ");
        writer.Write(Name);
        writer.Write(' ');
        writer.Write(Type);
        writer.Write('\n');
        _writeSamples(writer);
    }
}
