using CheckpointIoT.Gateway.Policy;

namespace CheckpointIoT.Gateway.Tests.Policy;

public sealed class RecentPassesTests
{
    [Fact]
    public void Disabled_WhenNoWindow_RemembersNothing()
    {
        var passes = new RecentPasses(windowMs: 0, skewMs: 1000);

        passes.Note("cp", "h", 1, 5000);

        Assert.False(passes.Enabled);
        Assert.Null(passes.LastSince("cp", "h", 1, 0));
        Assert.Equal(0, passes.Count);
    }

    [Fact]
    public void LastSince_IsTheLatestPass_PerCheckpointIdentityAndDirection()
    {
        var passes = new RecentPasses(windowMs: 60_000, skewMs: 0);

        passes.Note("cp", "h", 1, 10_000);
        passes.Note("cp", "h", 1, 5_000); // an older replayed record does not move it back

        Assert.Equal(10_000, passes.LastSince("cp", "h", 1, 10_000));
        Assert.Null(passes.LastSince("cp", "h", 1, 10_001));
        Assert.Null(passes.LastSince("cp", "h", 2, 0));
        Assert.Null(passes.LastSince("cp-2", "h", 1, 0));
        Assert.Null(passes.LastSince("cp", "other", 1, 0));
    }

    [Fact]
    public void Pruning_DropsPassesOlderThanWindowPlusSkew_KeepsTheRest()
    {
        var passes = new RecentPasses(windowMs: 1_000, skewMs: 500);
        passes.Note("cp", "old", 1, 0);
        passes.Note("cp", "kept", 1, 9_000);

        for (var i = 0; i < 5000; i++)
        {
            passes.Note("cp", "same", 1, 10_000); // newest time 10,000: horizon 10,000 - 1,500
        }

        Assert.Null(passes.LastSince("cp", "old", 1, 0));
        Assert.Equal(9_000, passes.LastSince("cp", "kept", 1, 0));
        Assert.Equal(2, passes.Count);
    }
}
