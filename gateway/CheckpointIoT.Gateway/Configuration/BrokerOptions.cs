namespace CheckpointIoT.Gateway.Configuration;

/// <summary>Config section Gateway:Broker.</summary>
public sealed class BrokerOptions
{
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>Embedded: the loopback IP address the broker listens on (exactly that address). External: the broker's host name.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Embedded: preferred port (taken → first free port above it, with a warning; 0 = any free port).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Embedded: an extra listener on this LAN IP address for the door nodes (e.g. 0.0.0.0, :: or 192.168.1.10); empty = loopback only.</summary>
    public string? LanBind { get; set; }

    /// <summary>Port of the LAN listener (plain MQTT); 0 = no plain LAN listener (TLS only).</summary>
    public int LanPort { get; set; } = 1883;

    /// <summary>Embedded: server certificate (PEM) for a TLS listener on <see cref="LanBind"/> (or all interfaces).</summary>
    public string? TlsCertFile { get; set; }

    public string? TlsKeyFile { get; set; }

    /// <summary>The gateway CA that signed <see cref="TlsCertFile"/> (nodes trust it); also used by the gateway's own client for an external TLS broker.</summary>
    public string? TlsCaFile { get; set; }

    public int TlsPort { get; set; } = 8883;

    /// <summary>External mode: the gateway's broker account (embedded mode generates its own).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// PBKDF2-SHA256 iterations of new node password hashes (<see cref="Broker.BrokerPasswordHash"/>). The passwords are
    /// 144-bit random tokens, so the count guards nothing a guess could reach; it only sets the cost of each node login.
    /// </summary>
    public int PasswordIterations { get; set; } = 1000;

    internal void Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new GatewayConfigException(prefix + ":Host", "must not be empty");
        }

        if (Mode == BrokerMode.Embedded && !System.Net.IPAddress.TryParse(Host, out _))
        {
            throw new GatewayConfigException(prefix + ":Host", $"must be an IP address in embedded mode, e.g. 127.0.0.1 (got '{Host}')");
        }

        if (Mode == BrokerMode.Embedded && !string.IsNullOrEmpty(LanBind) && !System.Net.IPAddress.TryParse(LanBind, out _))
        {
            throw new GatewayConfigException(prefix + ":LanBind", $"must be an IP address such as 0.0.0.0 or 192.168.1.10 (got '{LanBind}')");
        }

        if (Port is < 0 or > 65535 || (Mode == BrokerMode.External && Port == 0))
        {
            throw new GatewayConfigException(prefix + ":Port", $"must be a TCP port 1..65535 (got {Port})");
        }

        if (LanPort is < 0 or > 65535)
        {
            throw new GatewayConfigException(prefix + ":LanPort", $"must be 0..65535 (got {LanPort})");
        }

        if (TlsPort is < 1 or > 65535)
        {
            throw new GatewayConfigException(prefix + ":TlsPort", $"must be 1..65535 (got {TlsPort})");
        }

        if (string.IsNullOrEmpty(TlsCertFile) != string.IsNullOrEmpty(TlsKeyFile))
        {
            throw new GatewayConfigException(prefix + ":TlsCertFile", "TlsCertFile and TlsKeyFile must be set together");
        }

        foreach (var (key, path) in new[] { ("TlsCertFile", TlsCertFile), ("TlsKeyFile", TlsKeyFile), ("TlsCaFile", TlsCaFile) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                throw new GatewayConfigException(prefix + ":" + key, $"file '{path}' does not exist");
            }
        }

        if (Mode == BrokerMode.External && string.IsNullOrEmpty(Username))
        {
            throw new GatewayConfigException(prefix + ":Username", "is required with Mode=external (the gateway's account on that broker)");
        }

        if (PasswordIterations is < 1 or > 1_000_000)
        {
            throw new GatewayConfigException(prefix + ":PasswordIterations", $"must be 1..1000000 (got {PasswordIterations})");
        }
    }
}
