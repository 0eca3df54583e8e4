using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Tests.Ingest;

/// <summary>
/// Issue 12 §1: what heartbeats, last wills and other frames do to a node's stored health, through the real
/// IngestProcessor and SQLite file, at moments chosen with a FakeTimeProvider. Frames are the firmware's own
/// (status sequence 0, NodeController.BuildLastWill).
/// </summary>
public sealed class NodeHealthIngestTests : IDisposable
{
    private const string Node = "n-h";
    private readonly IngestRig _rig = new();

    public NodeHealthIngestTests() => _rig.Enrol(Node);

    public void Dispose() => _rig.Dispose();

    private static NodeStatus Status(uint uptime, uint free = 40_000, uint queue = 0, int rssi = -60, uint unreadable = 0) => new()
    {
        Online = true,
        FirmwareVersion = "1.4.0",
        UptimeSeconds = uptime,
        FreeMemoryBytes = free,
        QueueDepth = queue,
        WifiRssi = rssi,
        Scanner = ScannerHealth.Ok,
        UnreadableRecords = unreadable,
    };

    private InboundMessage Heartbeat(NodeStatus status, bool retained = false) =>
        new(Topics.Status(Node), TestNode.FirmwareStatusFrame(Node, status, timestampMs: _rig.NowMs), retained);

    private static InboundMessage LastWill() => new(Topics.Status(Node), TestNode.FirmwareLastWill(Node, "1.4.0"));

    private static InboundMessage Qr(uint sequence) => new(Topics.Up(Node), TestNode.QrFrame(Node, sequence, Samples.Cccd("001099012345")));

    [Fact]
    public void Process_HeartbeatsAllWithSequenceZero_EveryOneUpdatesTheHealthFigures()
    {
        var figures = new List<(long?, long?, long?, int?, long?)>();
        for (uint i = 1; i <= 3; i++)
        {
            _rig.Ingest(Heartbeat(Status(uptime: 60 * i, free: 40_000 - i, queue: i, rssi: -60 - (int)i)));
            var row = _rig.Row(Node);
            figures.Add((row.UptimeSeconds, row.FreeMemoryBytes, row.QueueDepth, row.WifiRssi, row.LastStatusMs));
            _rig.Time.Advance(TimeSpan.FromSeconds(60));
        }

        var start = _rig.NowMs - 180_000;
        Assert.Equal(
            [(60L, 39_999L, 1L, -61, start), (120L, 39_998L, 2L, -62, start + 60_000), (180L, 39_997L, 3L, -63, start + 120_000)],
            figures.Select(f => ((long)f.Item1!, (long)f.Item2!, (long)f.Item3!, (int)f.Item4!, (long)f.Item5!)).ToList());
    }

    [Fact]
    public void Process_StatusFrame_NoVerdictSentAndNoVerdictRowClaimed()
    {
        var first = _rig.Ingest(Heartbeat(Status(10)));
        var second = _rig.Ingest(Heartbeat(Status(20)));

        Assert.Empty(first.Verdicts);
        Assert.Empty(second.Verdicts);
        Assert.Equal(0, second.Duplicates);
        Assert.Equal(0, _rig.Store.Count("verdicts"));
    }

    [Fact]
    public void Process_GarbledStatusPayload_RejectedWithoutVerdict_LastGoodFiguresStay()
    {
        _rig.Ingest(Heartbeat(Status(10)));
        var m = new CheckinMessage { Kind = CheckinKind.Status, TimestampMs = _rig.NowMs, NodeId = Node, Direction = DoorDirection.In };
        m.SetPayload([0xFF, 0xFF, 0xFF]);

        var result = _rig.Ingest(new InboundMessage(Topics.Status(Node), WireCodec.EncodeCheckin(m)));

        Assert.Equal(1, result.Rejected);
        Assert.Empty(result.Verdicts);
        Assert.Equal(10, _rig.Row(Node).UptimeSeconds);
    }

    [Fact]
    public void Process_LastWill_OfflineAtOnce_FiguresKept_NextHeartbeatOnlineAgain()
    {
        _rig.Ingest(Heartbeat(Status(300, queue: 4)));
        Assert.Equal(NodeLinkState.Online, _rig.State(Node));

        _rig.Time.Advance(TimeSpan.FromSeconds(5));
        var willResult = _rig.Ingest(LastWill());
        var afterWill = _rig.Row(Node);

        Assert.Empty(willResult.Verdicts);
        Assert.Equal(NodeLinkState.OfflineLastWill, _rig.State(Node));
        Assert.Equal(0, _rig.Registry.OnlineCount(_rig.Options.Nodes));
        Assert.Equal(_rig.NowMs, afterWill.LastWillMs);
        Assert.Equal((300L, 4L), (afterWill.UptimeSeconds!.Value, afterWill.QueueDepth!.Value));

        _rig.Time.Advance(TimeSpan.FromSeconds(30));
        _rig.Ingest(Heartbeat(Status(2)));

        Assert.Equal(NodeLinkState.Online, _rig.State(Node));
        Assert.Equal(1, _rig.Registry.OnlineCount(_rig.Options.Nodes));
        Assert.Equal(2, _rig.Row(Node).UptimeSeconds);
    }

    [Fact]
    public void Process_NoFrameForThreeHeartbeats_Offline_AnyFrameBringsItBack()
    {
        _rig.Ingest(Heartbeat(Status(60)));

        _rig.Time.Advance(TimeSpan.FromSeconds(180));
        var atLimit = _rig.Registry.OnlineCount(_rig.Options.Nodes);
        _rig.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, atLimit);
        Assert.Equal(NodeLinkState.OfflineSilent, _rig.State(Node));
        Assert.Equal(0, _rig.Registry.OnlineCount(_rig.Options.Nodes));

        _rig.Ingest(Qr(1));
        Assert.Equal(NodeLinkState.Online, _rig.State(Node));
    }

    [Fact]
    public void Process_CheckinThenLastWillInOneBatch_Offline()
    {
        _rig.Ingest(Qr(1), LastWill());

        Assert.Equal(NodeLinkState.OfflineLastWill, _rig.State(Node));
        Assert.Equal(_rig.NowMs, _rig.Row(Node).LastSeenMs);
    }

    [Fact]
    public void Process_LastWillThenHeartbeatInOneBatch_Online()
    {
        _rig.Ingest(LastWill(), Heartbeat(Status(1)));

        Assert.Equal(NodeLinkState.Online, _rig.State(Node));
    }

    [Fact]
    public void Process_RetainedHeartbeatReplayedByBroker_FiguresUpdatedButNodeNotMarkedAlive()
    {
        _rig.Ingest(Heartbeat(Status(60)));
        _rig.Time.Advance(TimeSpan.FromMinutes(10));

        _rig.Ingest(Heartbeat(Status(61), retained: true));

        Assert.Equal(61, _rig.Row(Node).UptimeSeconds);
        Assert.Equal(NodeLinkState.OfflineSilent, _rig.State(Node));
    }

    [Fact]
    public void Process_DuplicateCheckin_StillCountsAsAFrame()
    {
        _rig.Ingest(Qr(1));
        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(NodeLinkState.OfflineSilent, _rig.State(Node));

        var again = _rig.Ingest(Qr(1));

        Assert.Equal(1, again.Duplicates);
        Assert.Equal(1, _rig.Store.Count("checkins"));
        Assert.Equal(NodeLinkState.Online, _rig.State(Node));
    }

    [Fact]
    public void Process_UnreadableRecordsInStatus_StoredAndUpdated()
    {
        _rig.Ingest(Heartbeat(Status(60, unreadable: 0)));
        var before = _rig.Row(Node).UnreadableRecords;
        _rig.Ingest(Heartbeat(Status(120, unreadable: 3)));

        Assert.Equal(0, before);
        Assert.Equal(3, _rig.Row(Node).UnreadableRecords);
    }

    [Fact]
    public void Process_CheckinsAndPresenceKeepExactlyOnceStorage_WhileStatusesInterleave()
    {
        _rig.Ingest(Qr(1), Heartbeat(Status(1)), Qr(2));
        _rig.Ingest(Qr(1), Heartbeat(Status(2)), Qr(2));

        Assert.Equal(2, _rig.Store.Count("checkins"));
        Assert.Equal(2, _rig.Store.Count("verdicts"));
        Assert.Equal(2, _rig.Row(Node).UptimeSeconds);
    }

    [Fact]
    public void Process_CustomHeartbeatOptions_AreWhatTheRegistryCountUses()
    {
        using var rig = new IngestRig(new NodeHealthOptions { HeartbeatSeconds = 5, OfflineAfterMissedHeartbeats = 2 });
        rig.Enrol(Node);
        rig.Ingest(new InboundMessage(Topics.Status(Node), TestNode.FirmwareStatusFrame(Node, Status(5))));

        rig.Time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(0, rig.Registry.OnlineCount(rig.Options.Nodes));
        Assert.Equal(NodeLinkState.OfflineSilent, rig.State(Node));
    }
}
