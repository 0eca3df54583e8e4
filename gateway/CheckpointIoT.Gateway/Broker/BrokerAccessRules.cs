using System.Text;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Who may do what on the broker (pure). A node (MQTT username = client id = node id) may publish only
/// cp/v1/&lt;its id&gt;/up and /status and subscribe only to its own /verdict and /config, with exact topic filters
/// (no wildcards). The embedded broker applies these rules in code; <see cref="RenderAcl"/> prints the same rules as
/// a mosquitto ACL for an external broker, where the gateway account also reads every node's up/status, writes every
/// verdict/config.
/// </summary>
public static class BrokerAccessRules
{
    /// <summary>The gateway's broker account on an external broker; no node may use it, and the embedded broker refuses it.</summary>
    public const string GatewayUser = "gateway";

    /// <summary>The gateway's own MQTT client id (external mode; the embedded broker's verdicts are injected under it).</summary>
    public const string GatewayClientId = "checkpoint-gateway";

    /// <summary>cp/v1/+/up: every node's check-ins (the ingest subscription on an external broker).</summary>
    public static readonly string UpFilter = Topics.Prefix + "+/" + Topics.UpLeaf;

    /// <summary>cp/v1/+/status: every node's status and last will.</summary>
    public static readonly string StatusFilter = Topics.Prefix + "+/" + Topics.StatusLeaf;

    /// <summary>True for the client ids and user names no node may log in with.</summary>
    public static bool IsReserved(string? name) => name is GatewayUser or GatewayClientId;

    /// <summary>A node may publish on its own up and status topics only.</summary>
    public static bool MayPublish(string nodeId, string topic) =>
        Topics.TryParse(topic, out var owner, out var leaf)
        && owner == nodeId
        && leaf is Topics.UpLeaf or Topics.StatusLeaf;

    /// <summary>A node may subscribe to exactly its own verdict and config topics (a wildcard filter is refused).</summary>
    public static bool MaySubscribe(string nodeId, string topicFilter) =>
        Topics.TryParse(topicFilter, out var owner, out var leaf)
        && owner == nodeId
        && leaf is Topics.VerdictLeaf or Topics.ConfigLeaf;

    /// <summary>The same rules as a mosquitto ACL file, for an external broker.</summary>
    public static string RenderAcl()
    {
        var sb = new StringBuilder();
        sb.Append("# CheckpointIoT rules for an external mosquitto; the embedded broker applies them in code\n");
        sb.Append("# every node (username = node id): its own topics only\n");
        sb.Append("pattern write cp/v1/%u/up\n");
        sb.Append("pattern write cp/v1/%u/status\n");
        sb.Append("pattern read cp/v1/%u/verdict\n");
        sb.Append("pattern read cp/v1/%u/config\n");
        sb.Append('\n');
        sb.Append("user ").Append(GatewayUser).Append('\n');
        sb.Append("topic read ").Append(UpFilter).Append('\n');
        sb.Append("topic read ").Append(StatusFilter).Append('\n');
        sb.Append("topic write cp/v1/+/verdict\n");
        sb.Append("topic write cp/v1/+/config\n");
        return sb.ToString();
    }
}
