namespace CheckpointIoT.TestSupport;

/// <summary>What <see cref="MosquittoProcess"/> configures: accounts, ACL, an optional TLS listener. Anonymous logins are always refused.</summary>
public sealed class MosquittoSetup
{
    /// <summary>user name → password; written with <c>mosquitto_passwd -b</c> (at least one is required).</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>ACL file text (mosquitto acl_file syntax); null = every authenticated user may use every topic.</summary>
    public string? Acl { get; set; }

    /// <summary>PEM server certificate (chain) and key for an extra TLS listener on another free loopback port.</summary>
    public string? TlsCertFile { get; set; }

    public string? TlsKeyFile { get; set; }

    /// <summary>Extra mosquitto.conf lines appended at the end.</summary>
    public string? ExtraConfig { get; set; }
}
