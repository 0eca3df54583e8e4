using System.Text.Json.Serialization;

namespace CheckpointIoT.Technician.Gateway;

/// <summary>The gateway's answer to POST /api/nodes: the node's broker credentials (the password is a secret: never printed).</summary>
public sealed record Enrolment(
    [property: JsonPropertyName("nodeId")] string NodeId,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("brokerHost")] string BrokerHost,
    [property: JsonPropertyName("brokerPort")] int BrokerPort,
    [property: JsonPropertyName("brokerTlsPort")] int? BrokerTlsPort = null)
{
    /// <summary>True when an existing enrolment was rotated (HTTP 200) rather than created (201).</summary>
    [JsonIgnore]
    public bool Rotated { get; init; }

    public override string ToString() => $"Enrolment {{ NodeId = {NodeId}, Username = {Username}, Password = (hidden), Broker = {BrokerHost}:{BrokerPort}, TlsPort = {BrokerTlsPort?.ToString() ?? "none"} }}";
}
