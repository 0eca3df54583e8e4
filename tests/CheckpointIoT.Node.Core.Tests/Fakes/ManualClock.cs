using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Tests.Fakes;

public sealed class ManualClock : IClock
{
    public long UtcNowMs { get; set; } = 1_763_790_000_000;
    public long UptimeMs { get; set; }
    public bool IsTimeValid => true;

    public void Advance(long ms)
    {
        UtcNowMs += ms;
        UptimeMs += ms;
    }
}
