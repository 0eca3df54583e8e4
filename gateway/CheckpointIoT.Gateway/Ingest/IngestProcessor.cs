using System.Text;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Identity;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Ingest;

/// <summary>
/// The ingest pipeline without MQTT: a batch of received messages in, the verdicts to publish out.
/// Per message: parse topic → decode frame → check node id/topic/registry → decode payload (QR: classify,
/// hash identity) → in ONE transaction for the batch: idempotency check on (node id, sequence) → policy →
/// store record + verdict (+ outbox). Status frames (heartbeats, and the last will the broker publishes for a dead
/// node) are not records: every one is applied to the node's health row in arrival order (latest wins), none claims a
/// verdict row (they all carry sequence 0) and none is answered with a verdict (the node expects none). Every frame the
/// node itself sends marks it alive (Registry/NodeLiveness derives online from that). The batch's passes change the
/// live occupancy and the duplicate window only once the transaction has committed (the policy sees them earlier
/// through the batch's own overlay), so a batch that fails to store leaves no trace. Rejections are counted by reason and logged without payload content.
/// Not thread-safe: one ingest loop calls it.
/// </summary>
public sealed class IngestProcessor
{
    /// <summary>A node clock further than this from the gateway's is not trusted for the policy time.</summary>
    public const long MaxClockSkewMs = 24 * 3600 * 1000L;

    private readonly GatewayStore _store;
    private readonly NodeRegistry _registry;
    private readonly VerdictPolicy _policy;
    private readonly DenyList _denyList;
    private readonly OccupancyTracker _occupancy;
    private readonly RecentPasses _recent;
    private readonly IdentityHasher _hasher;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly RejectionLog _rejections;
    private readonly ILogger _logger;
    private readonly CheckinMessage _frame = new();
    private readonly PolicyState _state;
    private readonly List<Accepted> _accepted = new();
    private bool _storeWasDegraded;
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public IngestProcessor(
        GatewayStore store,
        NodeRegistry registry,
        VerdictPolicy policy,
        DenyList denyList,
        OccupancyTracker occupancy,
        RecentPasses recent,
        IdentityHasher hasher,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<IngestProcessor> logger)
    {
        _store = store;
        _registry = registry;
        _policy = policy;
        _denyList = denyList;
        _occupancy = occupancy;
        _recent = recent;
        _hasher = hasher;
        _metrics = metrics;
        _time = time;
        _rejections = new RejectionLog(logger);
        _logger = logger;
        _state = new PolicyState(this);
        Seed();
    }

    public IngestBatchResult Process(IReadOnlyList<InboundMessage> batch)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _rejections.Flush(now);
        var verdicts = new List<OutgoingVerdict>(batch.Count);
        var rejected = 0;
        _accepted.Clear();
        foreach (var m in batch)
        {
            _metrics.IngestMessages.Inc();
            if (!TryAccept(m, now, verdicts))
            {
                rejected++;
            }
        }

        if (_accepted.Count == 0)
        {
            return new IngestBatchResult(verdicts, 0, 0, rejected);
        }

        int stored, duplicates;
        try
        {
            (stored, duplicates) = _store.InTransaction(tx => StoreAll(tx, now, verdicts));
            _state.Commit();
            if (_storeWasDegraded)
            {
                _storeWasDegraded = false;
                _logger.LogWarning("store writes again: check-ins stored and answered");
            }
        }
        catch (Exception ex)
        {
            _state.Discard();
            // Logged when the store turns degraded, not per batch: on a full disk every batch fails for minutes.
            if (!_storeWasDegraded)
            {
                _storeWasDegraded = true;
                _logger.LogError("store degraded ({Reason}): check-ins are not stored and get no verdict, the nodes keep them and resend; {Error}",
                    StoreHealth.Describe(ex), ex.Message);
            }
            foreach (var _ in _accepted)
            {
                _metrics.CountRejected("store_error");
            }

            // Drop the verdicts of this batch's accepted messages: without a stored record the nodes must retry.
            verdicts.RemoveAll(v => v.Outcome != IngestOutcome.Rejected);
            return new IngestBatchResult(verdicts, 0, 0, rejected + _accepted.Count);
        }

        _metrics.CheckinsStored.Inc(stored);
        _metrics.Duplicates.Inc(duplicates);
        return new IngestBatchResult(verdicts, stored, duplicates, rejected);
    }

    private bool TryAccept(InboundMessage m, long now, List<OutgoingVerdict> verdicts)
    {
        if (!Topics.TryParse(m.Topic, out var topicNode, out var leaf) || (leaf != Topics.UpLeaf && leaf != Topics.StatusLeaf))
        {
            return Reject("bad_topic", null);
        }

        var payload = leaf == Topics.StatusLeaf ? HexStatusFrame.Unwrap(m.Payload) : m.Payload;
        var error = WireCodec.DecodeCheckin(payload, 0, payload.Length, _frame);
        if (error != DecodeError.None)
        {
            return Reject(WireCodec.ErrorName(error), topicNode);
        }

        if (_frame.NodeId != topicNode)
        {
            return Reject("node_mismatch", topicNode);
        }

        if ((leaf == Topics.StatusLeaf) != (_frame.Kind == CheckinKind.Status))
        {
            return Reject("kind_topic_mismatch", topicNode);
        }

        var node = _registry.Find(topicNode);
        if (node is null)
        {
            return Reject("unknown_node", topicNode);
        }

        if (!node.Enabled)
        {
            return Reject("node_disabled", topicNode);
        }

        var item = new Accepted
        {
            Node = node,
            Kind = _frame.Kind,
            Sequence = _frame.Sequence,
            NodeTimeMs = _frame.TimestampMs,
            EventMs = Math.Abs(_frame.TimestampMs - now) <= MaxClockSkewMs ? _frame.TimestampMs : now,
            Direction = _frame.Direction != DoorDirection.None ? _frame.Direction : (node.Direction != DoorDirection.None ? node.Direction : DoorDirection.In),
            OfflineVerdict = _frame.OfflineVerdict,
            Replayed = _frame.Replayed,
            Retained = m.Retained,
        };
        bool ok;
        switch (_frame.Kind)
        {
            case CheckinKind.QrScan:
                ok = QrPayload.Decode(_frame.Payload, _frame.PayloadOffset, _frame.PayloadCount, out _, out var scanOffset, out var scanCount) == DecodeError.None;
                if (ok)
                {
                    var text = Encoding.UTF8.GetString(_frame.Payload, scanOffset, scanCount);
                    var cls = ScanClassifier.Classify(text);
                    item.QrKind = cls.Kind;
                    item.MaskedId = cls.MaskedId;
                    item.IdentityHash = cls.Identity is { } identity ? _hasher.Hash(identity) : null;
                }

                break;
            case CheckinKind.PresenceBatch:
                item.Presence = PresencePayload.Decode(_frame.Payload, _frame.PayloadOffset, _frame.PayloadCount, _frame.TimestampMs, out _);
                ok = item.Presence is not null;
                break;
            default:
                var status = new NodeStatus();
                ok = StatusPayload.Decode(_frame.Payload, _frame.PayloadOffset, _frame.PayloadCount, status) == DecodeError.None;
                item.Status = status;
                break;
        }

        if (!ok)
        {
            if (_frame.Kind == CheckinKind.Status)
            {
                // Status frames are not queued on the node and it waits for no verdict on them: nothing to tell it.
                return Reject("bad_payload", topicNode);
            }

            // The header is sound, so the node can be told: the record is unusable, drop it from the queue.
            verdicts.Add(new OutgoingVerdict(topicNode, _frame.Sequence, _frame.Kind,
                new PolicyDecision(VerdictResult.Error, ReasonCode.Garbled, PolicyDecision.ReasonText(ReasonCode.Garbled)), IngestOutcome.Rejected));
            return Reject("bad_payload", topicNode);
        }

        _accepted.Add(item);
        return true;
    }

    private (int Stored, int Duplicates) StoreAll(IngestTransaction tx, long now, List<OutgoingVerdict> verdicts)
    {
        int stored = 0, duplicates = 0;
        _touched.Clear();
        var touched = _touched;
        foreach (var a in _accepted)
        {
            var nodeId = a.Node.NodeId;
            if (a.Kind == CheckinKind.Status)
            {
                ApplyStatus(tx, a, now, touched);
                continue;
            }

            var decision = a.Kind == CheckinKind.QrScan
                ? _policy.Evaluate(new PolicyInput(a.Node.CheckpointId, a.Direction, a.QrKind, a.IdentityHash, a.EventMs), _state)
                : PolicyDecision.Ack();

            // The verdict row is the idempotency key: claiming it first makes a duplicate cost one statement.
            if (!tx.TryInsertVerdict(nodeId, a.Sequence, a.Kind, decision.Result, decision.Reason, decision.DisplayText, now))
            {
                duplicates++;
                touched.Add(nodeId); // a re-sent record still shows the node is alive
                var existing = tx.FindVerdict(nodeId, a.Sequence)!.Value;
                verdicts.Add(new OutgoingVerdict(nodeId, a.Sequence, a.Kind,
                    new PolicyDecision(existing.Result, existing.Reason, existing.DisplayText), IngestOutcome.Duplicate));
                continue;
            }

            switch (a.Kind)
            {
                case CheckinKind.QrScan:
                    tx.InsertQrCheckin(new QrCheckinRow(nodeId, a.Sequence, a.Node.CheckpointId, a.Direction, a.QrKind, a.NodeTimeMs, a.EventMs, now,
                        a.OfflineVerdict, a.Replayed, decision.Result, decision.Reason, a.IdentityHash, a.MaskedId));
                    if (decision.Result == VerdictResult.Pass)
                    {
                        _state.NotePass(a.Node.CheckpointId, a.IdentityHash, a.Direction, a.EventMs);
                    }

                    touched.Add(nodeId);
                    break;
                default:
                    tx.InsertPresenceBatch(nodeId, a.Sequence, a.Node.CheckpointId, a.NodeTimeMs, now, a.Presence!);
                    touched.Add(nodeId);
                    break;
            }

            stored++;
            verdicts.Add(new OutgoingVerdict(nodeId, a.Sequence, a.Kind, decision, IngestOutcome.Stored));
        }

        foreach (var nodeId in touched)
        {
            tx.TouchNode(nodeId, now);
        }

        return (stored, duplicates);
    }

    /// <summary>
    /// A heartbeat updates the health figures and (unless the broker replayed it as a retained message, which proves
    /// nothing about now) marks the node alive; a last will marks it offline until its next frame. Liveness touches are
    /// deferred to the end of the batch, so a pending one is written before a last will to keep the batch's order.
    /// </summary>
    private static void ApplyStatus(IngestTransaction tx, Accepted a, long now, HashSet<string> touched)
    {
        var nodeId = a.Node.NodeId;
        if (a.Status!.Online)
        {
            tx.ApplyStatus(nodeId, a.Status, now);
            if (!a.Retained)
            {
                touched.Add(nodeId);
            }

            return;
        }

        if (touched.Remove(nodeId))
        {
            tx.TouchNode(nodeId, now);
        }

        tx.ApplyLastWill(nodeId, a.Status, now);
    }

    private bool Reject(string reason, string? nodeId)
    {
        _metrics.CountRejected(reason);
        _rejections.Reject(nodeId, reason, _time.GetUtcNow().ToUnixTimeMilliseconds());
        return false;
    }

    private void Seed()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (cp, direction, eventMs, identityHash) in _store.PassesSince(now - Math.Max(2 * 86_400_000L, _recent.KeepMs)))
        {
            var policy = _policy.For(cp);
            if (policy.LocalDay(eventMs) == policy.LocalDay(now))
            {
                _occupancy.Apply(cp, policy.LocalDay(eventMs), direction == DoorDirection.Out ? -1 : 1);
            }

            if (identityHash is not null)
            {
                _recent.Note(cp, identityHash, (int)direction, eventMs);
            }
        }
    }

    private sealed class Accepted
    {
        public required NodeRecord Node;
        public CheckinKind Kind;
        public uint Sequence;
        public long NodeTimeMs;
        public long EventMs;
        public DoorDirection Direction;
        public bool OfflineVerdict;
        public bool Replayed;
        public bool Retained;
        public QrKind QrKind;
        public string? MaskedId;
        public string? IdentityHash;
        public PresenceRecord[]? Presence;
        public NodeStatus? Status;
    }

    /// <summary>
    /// The policy's view during one batch: the committed state (deny list, <see cref="RecentPasses"/>,
    /// <see cref="OccupancyTracker"/>) plus the passes of this batch so far, which reach the committed state in
    /// <see cref="Commit"/> after the transaction, or never (<see cref="Discard"/>).
    /// </summary>
    private sealed class PolicyState(IngestProcessor owner) : IPolicyState
    {
        private readonly Dictionary<(string CheckpointId, string IdentityHash, int Direction), long> _passes = new();
        private readonly Dictionary<string, (long Day, int Count)> _occupancy = new(StringComparer.Ordinal);

        public bool IsDenied(string identityHash) => owner._denyList.Contains(identityHash);

        public long? LastPassSince(string checkpointId, string identityHash, int direction, long sinceMs) =>
            _passes.TryGetValue((checkpointId, identityHash, direction), out var t) && t >= sinceMs
                ? t
                : owner._recent.LastSince(checkpointId, identityHash, direction, sinceMs);

        public int Occupancy(string checkpointId, long timeMs) =>
            OccupancyOn(checkpointId, owner._policy.For(checkpointId).LocalDay(timeMs));

        public void NotePass(string checkpointId, string? identityHash, DoorDirection direction, long eventMs)
        {
            var day = owner._policy.For(checkpointId).LocalDay(eventMs);
            _occupancy[checkpointId] = OccupancyTracker.Step((day, OccupancyOn(checkpointId, day)), day, direction == DoorDirection.Out ? -1 : 1);
            if (identityHash is not null && owner._recent.Enabled)
            {
                var key = (checkpointId, identityHash, (int)direction);
                _passes[key] = _passes.TryGetValue(key, out var t) ? Math.Max(t, eventMs) : eventMs;
            }
        }

        public void Commit()
        {
            foreach (var (cp, (day, count)) in _occupancy)
            {
                owner._occupancy.Set(cp, day, count);
            }

            foreach (var ((cp, identity, direction), eventMs) in _passes)
            {
                owner._recent.Note(cp, identity, direction, eventMs);
            }

            Discard();
        }

        public void Discard()
        {
            _occupancy.Clear();
            _passes.Clear();
        }

        private int OccupancyOn(string checkpointId, long day) =>
            _occupancy.TryGetValue(checkpointId, out var c) ? (c.Day == day ? c.Count : 0) : owner._occupancy.Get(checkpointId, day);
    }
}
