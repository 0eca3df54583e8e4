using System.Diagnostics;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>Wall clock from the host, uptime from a Stopwatch.</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();

    public long UtcNowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public long UptimeMs => _uptime.ElapsedMilliseconds;

    public bool IsTimeValid => true;
}
