using CheckpointIoT.TestSupport;

namespace CheckpointIoT.Soak;

/// <summary>
/// Gateway resident memory (VmRSS of /proc/&lt;pid&gt;/status) per incarnation: the chaos loop restarts the gateway,
/// so growth is only meaningful within one process. Start = its first sample after the soak's 30 s warm-up, end =
/// its last sample before the drain. The RESULT lines give the longest-lived incarnation.
/// </summary>
public sealed class RssTracker
{
    private sealed class Life
    {
        public int Pid;
        public double StartMb, EndMb;
        public DateTime First, Last;
        public bool Sampled;
    }

    private readonly List<Life> _lives = [];
    private bool _ended;

    public double CurrentMb => _lives.Count > 0 ? _lives[^1].EndMb : 0;

    public void Incarnation(int pid) { if (!_ended) _lives.Add(new Life { Pid = pid }); }

    public void EndOfLoad() => _ended = true;

    public void Sample(RunningProcess gateway)
    {
        if (_ended || _lives.Count == 0 || gateway.HasExited || _lives[^1].Pid != gateway.Id) return;
        double? mb = ReadMb(gateway.Id);
        if (mb is not { } v) return;
        var life = _lives[^1];
        if (!life.Sampled) { life.StartMb = v; life.First = DateTime.UtcNow; life.Sampled = true; }
        life.EndMb = v;
        life.Last = DateTime.UtcNow;
    }

    public void Report()
    {
        var sampled = _lives.Where(l => l.Sampled).ToList();
        foreach (var l in sampled)
            Console.WriteLine($"rss: gateway pid {l.Pid}: {l.StartMb:F1} -> {l.EndMb:F1} MB over {(l.Last - l.First).TotalMinutes:F1} min");
        var longest = sampled.OrderByDescending(l => l.Last - l.First).FirstOrDefault();
        if (longest == null) return;
        Console.WriteLine($"RESULT soak_gateway_rss_mb_start={longest.StartMb:F1} MB");
        Console.WriteLine($"RESULT soak_gateway_rss_mb_end={longest.EndMb:F1} MB");
        Console.WriteLine($"RESULT soak_gateway_rss_minutes={(longest.Last - longest.First).TotalMinutes:F1} min");
    }

    private static double? ReadMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return null;
    }
}
