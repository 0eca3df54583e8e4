namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// One message a node published on cp/v1/&lt;node&gt;/up or /status, as the gateway's logic sees it: no broker
/// library's type crosses this line. <paramref name="Retained"/> is true for a retained message the broker replayed.
/// </summary>
public sealed record InboundMessage(string Topic, byte[] Payload, bool Retained = false);
