using System.Globalization;

namespace CheckpointIoT.Soak;

/// <summary>Command-line options of the soak driver.</summary>
public sealed class SoakOptions
{
    public double Minutes { get; private set; } = 10;
    public int Seed { get; private set; } = Environment.TickCount;
    public int Nodes { get; private set; } = 10;
    public double RatePerNode { get; private set; } = 10;
    public string WorkDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "checkpoint-soak-" + Guid.NewGuid().ToString("N")[..8]);
    public bool ShowHelp { get; private set; }

    public const string Help = """
        checkpoint-soak: the chaos soak. Runs the provincial API, the gateway (embedded broker) and one simulator
        process per node; a seeded chaos loop SIGKILLs and restarts them, cuts node links at a TCP proxy and fills the
        gateway's disk (a tmpfs) once. At the end it compares every (node, sequence) the nodes enqueued with both stores.

        Options:
          --minutes N     chaos duration (default 10; fractions allowed)
          --seed S        chaos seed (default: random, printed)
          --nodes N       simulated nodes (default 10)
          --rate R        scans per second per node (default 10: 100 check-ins/s with 10 nodes)
          --work-dir DIR  where data and logs go (default a new /tmp/checkpoint-soak-* directory)
        Exit code 0 when lost = 0 and duplicated = 0.
        """;

    public static SoakOptions Parse(string[] args)
    {
        var o = new SoakOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name}: a value is required");
            double Number(double min, double max)
            {
                string v = Value();
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || d < min || d > max)
                    throw new ArgumentException($"{name}: expected a number {min}-{max}, got '{v}'");
                return d;
            }
            switch (name)
            {
                case "--minutes": o.Minutes = Number(0.1, 10_000); break;
                case "--seed": o.Seed = (int)Number(int.MinValue, int.MaxValue); break;
                case "--nodes": o.Nodes = (int)Number(1, 100); break;
                case "--rate": o.RatePerNode = Number(0.1, 100); break;
                case "--work-dir": o.WorkDirectory = Path.GetFullPath(Value()); break;
                case "--help" or "-h": o.ShowHelp = true; break;
                default: throw new ArgumentException($"{name}: unknown option (see --help)");
            }
        }
        return o;
    }
}
