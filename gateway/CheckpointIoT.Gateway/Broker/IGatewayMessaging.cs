using System.Threading.Channels;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// The gateway's one MQTT seam: messages from the nodes in, verdicts out. One implementation per
/// Gateway:Broker:Mode (the embedded MQTTnet server in-process; an MQTTnet client of an external broker).
/// Implementations never run gateway logic on the MQTT library's receive loop: they only write to <see cref="Inbound"/>.
/// </summary>
public interface IGatewayMessaging
{
    /// <summary>Messages from nodes (cp/v1/+/up and cp/v1/+/status), in arrival order per node.</summary>
    ChannelReader<InboundMessage> Inbound { get; }

    /// <summary>True while messages can flow (embedded: the server is listening; external: the session is up).</summary>
    bool IsConnected { get; }

    /// <summary>Completes once messages can flow for the first time (tests and the bench wait for it).</summary>
    Task Ready { get; }

    /// <summary>
    /// Publishes to one node's topic at QoS 0 without waiting; false when it could not be handed over. QoS 0 is enough for
    /// verdicts: the verdict is the application-level acknowledgement (the node keeps the check-in in its queue until a
    /// verdict for that sequence arrives and re-sends it otherwise; the gateway then re-sends the stored verdict), so
    /// delivery stays at-least-once end to end without a PUBACK per verdict, and no stale verdict waits for an offline node.
    /// </summary>
    bool TrySend(string topic, byte[] payload, bool retain = false);
}
