namespace CheckpointIoT.Benchmarks;

/// <summary>
/// checkpoint-bench &lt;verb&gt; [options]: a dispatcher over benchmark verbs, one file (folder) per verb.
/// To add a verb: write a class with <c>static Task&lt;int&gt; RunAsync(string[] args)</c> and add a line to <see cref="Verbs"/>.
/// Every verb prints progress to stderr-free stdout and ends with "RESULT &lt;name&gt;=&lt;value&gt; &lt;unit&gt;" lines.
/// </summary>
public static class Program
{
    private static readonly (string Name, string Help, Func<string[], Task<int>> Run)[] Verbs =
    [
        ("core", "node core: allocation per QR scan and BLE advertisement, wire and queue bytes per record", Core.CoreBenchmark.RunAsync),
        ("ingest", "gateway ingest: raw Mosquitto rate, gateway on its embedded broker and on Mosquitto, verdict latency, RSS", Ingest.IngestBenchmark.RunAsync),
        ("upload", "provincial upload: drain a 1,000,000-record backlog to the reference server on loopback", Upload.UploadBenchmark.RunAsync),
    ];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage();
            return args.Length == 0 ? 2 : 0;
        }
        foreach (var (name, _, run) in Verbs)
        {
            if (string.Equals(name, args[0], StringComparison.Ordinal))
            {
                return await run(args[1..]);
            }
        }
        Console.Error.WriteLine($"unknown verb '{args[0]}'");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage()
    {
        Console.WriteLine("usage: checkpoint-bench <verb> [options]   (<verb> --help for its options)");
        foreach (var (name, help, _) in Verbs)
        {
            Console.WriteLine($"  {name,-10} {help}");
        }
    }
}
