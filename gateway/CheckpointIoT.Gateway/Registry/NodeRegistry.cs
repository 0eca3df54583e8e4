using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Identity;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Registry;

/// <summary>
/// Door nodes: enrol, rotate credentials, disable; an in-memory copy of the registry for the ingest hot path
/// (the store is the truth; the embedded broker checks logins against it). Passwords are generated here and kept only
/// as <see cref="BrokerPasswordHash"/> hashes (PBKDF2-SHA256; mosquitto $7$ hashes of older databases still verify).
/// </summary>
public sealed class NodeRegistry
{
    private readonly GatewayStore _store;
    private readonly TimeProvider _time;
    private readonly int _iterations;
    private readonly Lock _writeLock = new();
    private volatile IReadOnlyDictionary<string, NodeRecord> _nodes;

    public NodeRegistry(GatewayStore store, TimeProvider time, int passwordIterations)
    {
        _store = store;
        _time = time;
        _iterations = passwordIterations;
        _nodes = Load();
    }

    public int Count => _nodes.Count;

    /// <summary>Nodes online now (fresh rows from the store, judged by <see cref="NodeLiveness"/>).</summary>
    public int OnlineCount(NodeHealthOptions options) =>
        NodeLiveness.CountOnline(_store.LoadNodes(), _time.GetUtcNow().ToUnixTimeMilliseconds(), options);

    public IReadOnlyList<NodeRecord> All => _nodes.Values.ToList();

    public NodeRecord? Find(string nodeId) => _nodes.TryGetValue(nodeId, out var n) ? n : null;

    /// <summary>Validates a node id for enrolment: the wire format's rule, and not the gateway's own broker user.</summary>
    public static string? ValidateNodeId(string? nodeId)
    {
        if (!WireFormat.IsValidNodeId(nodeId))
        {
            return "nodeId must be 1-32 characters of a-z, 0-9 and '-', not starting with '-'";
        }

        return BrokerAccessRules.IsReserved(nodeId) ? $"nodeId '{nodeId}' is reserved for the gateway" : null;
    }

    /// <summary>Creates the node, or with <paramref name="rotate"/> gives an existing one a new password (and re-enables it).</summary>
    public EnrolResult Enrol(string nodeId, string checkpointId, DoorDirection direction, bool rotate)
    {
        var password = SecretFile.NewToken(18);
        var hash = BrokerPasswordHash.Hash(password, _iterations);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_writeLock)
        {
            var inserted = _store.InsertNode(new NodeRecord
            {
                NodeId = nodeId,
                CheckpointId = checkpointId,
                Direction = direction,
                PasswordHash = hash,
                EnrolledMs = now,
                RotatedMs = now,
            });
            if (!inserted)
            {
                if (!rotate)
                {
                    return new EnrolResult(EnrolOutcome.Exists, nodeId, null);
                }

                _store.RotateNode(nodeId, checkpointId, direction, hash, now);
            }

            _nodes = Load();
            return new EnrolResult(inserted ? EnrolOutcome.Created : EnrolOutcome.Rotated, nodeId, password);
        }
    }

    /// <summary>Disables a node (the broker refuses its logins; call the broker's ApplyRegistryAsync to end its session); false when unknown.</summary>
    public bool Disable(string nodeId)
    {
        lock (_writeLock)
        {
            if (!_store.SetNodeEnabled(nodeId, false))
            {
                return false;
            }

            _nodes = Load();
            return true;
        }
    }

    /// <summary>Fresh rows from the store (health included) for the admin API.</summary>
    public IReadOnlyList<NodeRecord> LoadWithHealth() => _store.LoadNodes();

    private Dictionary<string, NodeRecord> Load() => _store.LoadNodes().ToDictionary(n => n.NodeId, StringComparer.Ordinal);
}
