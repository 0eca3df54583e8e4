using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Storage;

namespace CheckpointIoT.Gateway.Registry;

/// <summary>
/// The one place that decides whether a node is online, from the stored row and the current time: the dashboard,
/// /api/nodes, /api/status and the <c>checkpoint_nodes_online</c> gauge all call it, so they cannot disagree.
/// Inputs: <see cref="NodeRecord.LastSeenMs"/> (arrival of the latest frame the node itself sent: status, check-in or
/// presence batch), <see cref="NodeRecord.Online"/> (false when the broker delivered its last will after that frame)
/// and now. Online = enabled, seen, no last will since, and seen within <see cref="NodeHealthOptions.OfflineAfterMs"/>.
/// </summary>
public static class NodeLiveness
{
    public static NodeLinkState Evaluate(NodeRecord node, long nowMs, NodeHealthOptions options)
    {
        if (!node.Enabled)
        {
            return NodeLinkState.Disabled;
        }

        if (node.Online == false)
        {
            return NodeLinkState.OfflineLastWill;
        }

        if (node.LastSeenMs is not { } seen)
        {
            return NodeLinkState.NeverSeen;
        }

        return nowMs - seen > options.OfflineAfterMs ? NodeLinkState.OfflineSilent : NodeLinkState.Online;
    }

    public static bool IsOnline(NodeRecord node, long nowMs, NodeHealthOptions options) =>
        Evaluate(node, nowMs, options) == NodeLinkState.Online;

    public static int CountOnline(IEnumerable<NodeRecord> nodes, long nowMs, NodeHealthOptions options) =>
        nodes.Count(n => IsOnline(n, nowMs, options));

    /// <summary>The state as shown and served: online, offline, never-seen, disabled.</summary>
    public static string Name(NodeLinkState state) => state switch
    {
        NodeLinkState.Online => "online",
        NodeLinkState.NeverSeen => "never-seen",
        NodeLinkState.Disabled => "disabled",
        _ => "offline",
    };

    /// <summary>Why a node is offline (null when it is not): last-will or missed-heartbeats.</summary>
    public static string? OfflineReason(NodeLinkState state) => state switch
    {
        NodeLinkState.OfflineLastWill => "last-will",
        NodeLinkState.OfflineSilent => "missed-heartbeats",
        _ => null,
    };
}
