using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Identity;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// The gateway's own broker account. Embedded: user "gateway" with a password generated at first start into
/// &lt;DataDirectory&gt;/broker-gateway.secret (0600). External: Gateway:Broker:Username/Password.
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

    public static GatewayCredentials Load(GatewayOptions options)
    {
        if (options.Broker.Mode == BrokerMode.External)
        {
            return new GatewayCredentials(options.Broker.Username!, options.Broker.Password);
        }

        var path = Path.Combine(Path.GetFullPath(options.DataDirectory), "broker-gateway.secret");
        return new GatewayCredentials(BrokerAccessRules.GatewayUser, SecretFile.ReadOrCreateToken(path, 24));
    }

    public override string ToString() => $"GatewayCredentials {{ Username = {Username} }}";
}
