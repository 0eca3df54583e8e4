using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CheckpointIoT.Gateway.Tests.Ingest;

/// <summary>The one derived online state (Registry/NodeLiveness) on rows, with the clock of a FakeTimeProvider.</summary>
public sealed class NodeLivenessTests
{
    private static readonly NodeHealthOptions Defaults = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static NodeRecord Row(long? lastSeenMs, bool? online, bool enabled = true) => new()
    {
        NodeId = "n-1",
        CheckpointId = "cp",
        PasswordHash = "x",
        Enabled = enabled,
        LastSeenMs = lastSeenMs,
        Online = online,
    };

    [Fact]
    public void Evaluate_EnrolledNeverSeen_NeverSeenAndNotOnline()
    {
        var row = Row(null, null);

        Assert.Equal(NodeLinkState.NeverSeen, NodeLiveness.Evaluate(row, Now, Defaults));
        Assert.False(NodeLiveness.IsOnline(row, Now, Defaults));
    }

    [Fact]
    public void Evaluate_DefaultLimit_OnlineUpToThreeHeartbeatsOfSilence_OfflineJustAfter()
    {
        var row = Row(Now, true);

        _time.Advance(TimeSpan.FromSeconds(180));
        Assert.Equal(NodeLinkState.Online, NodeLiveness.Evaluate(row, Now, Defaults));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(NodeLinkState.OfflineSilent, NodeLiveness.Evaluate(row, Now, Defaults));
    }

    [Fact]
    public void Evaluate_ConfiguredLimit_UsesHeartbeatTimesMissedCount()
    {
        var options = new NodeHealthOptions { HeartbeatSeconds = 5, OfflineAfterMissedHeartbeats = 2 };
        var row = Row(Now, true);

        _time.Advance(TimeSpan.FromSeconds(10));
        var atLimit = NodeLiveness.Evaluate(row, Now, options);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(NodeLinkState.Online, atLimit);
        Assert.Equal(NodeLinkState.OfflineSilent, NodeLiveness.Evaluate(row, Now, options));
        Assert.Equal(10_000, options.OfflineAfterMs);
    }

    [Fact]
    public void Evaluate_LastWillAfterLatestFrame_OfflineAtOnce()
    {
        var row = Row(Now, false);

        Assert.Equal(NodeLinkState.OfflineLastWill, NodeLiveness.Evaluate(row, Now, Defaults));
        Assert.Equal("offline", NodeLiveness.Name(NodeLinkState.OfflineLastWill));
        Assert.Equal("last-will", NodeLiveness.OfflineReason(NodeLinkState.OfflineLastWill));
    }

    [Fact]
    public void Evaluate_Disabled_DisabledEvenWhenFresh()
    {
        Assert.Equal(NodeLinkState.Disabled, NodeLiveness.Evaluate(Row(Now, true, enabled: false), Now, Defaults));
    }

    [Fact]
    public void CountOnline_MixedRows_CountsOnlyFreshWithoutLastWill()
    {
        var rows = new[] { Row(Now, true), Row(Now - 181_000, true), Row(Now, false), Row(null, null), Row(Now, true, enabled: false), Row(Now - 1000, true) };

        Assert.Equal(2, NodeLiveness.CountOnline(rows, Now, Defaults));
    }

    [Theory]
    [InlineData(0, 3, "Gateway:Nodes:HeartbeatSeconds")]
    [InlineData(86_401, 3, "Gateway:Nodes:HeartbeatSeconds")]
    [InlineData(60, 0, "Gateway:Nodes:OfflineAfterMissedHeartbeats")]
    [InlineData(60, 101, "Gateway:Nodes:OfflineAfterMissedHeartbeats")]
    public void Validate_OutOfRange_ErrorNamesTheKey(int heartbeat, int missed, string key)
    {
        var options = new GatewayOptions { Nodes = new NodeHealthOptions { HeartbeatSeconds = heartbeat, OfflineAfterMissedHeartbeats = missed } };

        var error = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal(key, error.Key);
    }
}
