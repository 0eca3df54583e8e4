using CheckpointIoT.Gateway.Configuration;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// The gateway's own account on an external broker (Gateway:Broker:Username/Password). The embedded broker has no
/// gateway account: ingest runs in-process and the names "gateway" / "checkpoint-gateway" can never log in there.
/// </summary>
public sealed class GatewayCredentials
{
    public GatewayCredentials(string username, string? password)
    {
        Username = username;
        Password = password;
    }

    public string Username { get; }

    public string? Password { get; }

    public static GatewayCredentials Load(GatewayOptions options) =>
        new(string.IsNullOrEmpty(options.Broker.Username) ? BrokerAccessRules.GatewayUser : options.Broker.Username, options.Broker.Password);

    public override string ToString() => $"GatewayCredentials {{ Username = {Username} }}";
}
