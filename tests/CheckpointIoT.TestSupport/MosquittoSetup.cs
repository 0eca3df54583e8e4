namespace CheckpointIoT.TestSupport;

/// <summary>What <see cref="MosquittoProcess"/> configures: accounts, ACL, an optional TLS listener, what it logs.</summary>
public sealed class MosquittoSetup
{
    /// <summary>user name → password; written with <c>mosquitto_passwd -b</c>. At least one is required unless <see cref="AllowAnonymous"/>.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// allow_anonymous; false (the default) refuses clients without an account. True with no <see cref="Users"/>: no
    /// password file, so every client gets in with any or no credentials (a broker that only carries bytes).
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>ACL file text (mosquitto acl_file syntax); null = every authenticated user may use every topic.</summary>
    public string? Acl { get; set; }

    /// <summary>PEM server certificate (chain) and key for an extra TLS listener on another free loopback port.</summary>
    public string? TlsCertFile { get; set; }

    public string? TlsKeyFile { get; set; }

    /// <summary>mosquitto log_type lines, written to mosquitto.log and stderr (a benchmark keeps only error and warning).</summary>
    public IList<string> LogTypes { get; set; } = ["error", "warning", "notice", "information", "subscribe"];

    /// <summary>Extra mosquitto.conf lines appended at the end (e.g. max_queued_messages, set_tcp_nodelay).</summary>
    public string? ExtraConfig { get; set; }
}
