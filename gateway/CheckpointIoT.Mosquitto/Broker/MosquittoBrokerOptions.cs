namespace CheckpointIoT.Mosquitto;

/// <summary>How <see cref="MosquittoBroker"/> configures and runs a mosquitto process.</summary>
public sealed class MosquittoBrokerOptions
{
    /// <summary>Path of the mosquitto binary; null = <see cref="MosquittoBroker.FindExecutable"/>.</summary>
    public string? Executable { get; set; }

    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>Plain MQTT port; 0 picks a free port when the broker object is created.</summary>
    public int Port { get; set; }

    /// <summary>Where mosquitto.conf, passwd, acl, mosquitto.log and the persistence db go (created if missing).</summary>
    public string DataDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "checkpointiot-mosquitto", Guid.NewGuid().ToString("N"));

    public bool AllowAnonymous { get; set; } = true;

    /// <summary>Users written to the password file (mosquitto $7$ PBKDF2-SHA512); null = no password file.</summary>
    public IReadOnlyList<MqttCredential>? Users { get; set; }

    /// <summary>Verbatim mosquitto ACL file text; null = no acl_file (everything allowed).</summary>
    public string? AclText { get; set; }

    public bool Persistence { get; set; }

    /// <summary>CA bundle for the TLS listener (also enables client certificate checks when <see cref="RequireClientCertificate"/>).</summary>
    public string? CaFile { get; set; }

    /// <summary>Server certificate (PEM); setting it (with <see cref="KeyFile"/>) adds a TLS listener.</summary>
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>TLS listener port; 0 picks a free one. Only used when <see cref="CertFile"/> is set.</summary>
    public int TlsPort { get; set; }

    public bool RequireClientCertificate { get; set; }

    /// <summary>PBKDF2 iterations for generated password hashes (mosquitto_passwd default 101).</summary>
    public int PasswordIterations { get; set; } = MosquittoPasswordFile.DefaultIterations;

    /// <summary>How long StartAsync waits for the port to accept TCP connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long StopAsync waits after SIGTERM before SIGKILL.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra mosquitto.conf lines appended verbatim (global options such as max_queued_messages).</summary>
    public string? ExtraConfig { get; set; }

    /// <summary>Delete <see cref="DataDirectory"/> when the broker object is disposed (tests).</summary>
    public bool DeleteDataDirectoryOnDispose { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bind))
        {
            throw new ArgumentException("MosquittoBrokerOptions.Bind must not be empty.", nameof(Bind));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"MosquittoBrokerOptions.Port must be 0..65535 (was {Port}).", nameof(Port));
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("MosquittoBrokerOptions.DataDirectory must not be empty.", nameof(DataDirectory));
        }

        if (Users is not null)
        {
            foreach (var u in Users)
            {
                if (u is null || string.IsNullOrEmpty(u.Username) || u.Username.Contains(':') || u.Username.Contains('\n'))
                {
                    throw new ArgumentException("MosquittoBrokerOptions.Users: usernames must be non-empty without ':' or line breaks.", nameof(Users));
                }

                if (u.Password is null)
                {
                    throw new ArgumentException($"MosquittoBrokerOptions.Users: user '{u.Username}' has no password.", nameof(Users));
                }
            }
        }

        if ((CertFile is null) != (KeyFile is null))
        {
            throw new ArgumentException("MosquittoBrokerOptions.CertFile and KeyFile must be set together.", nameof(CertFile));
        }

        if (CertFile is null && (RequireClientCertificate || TlsPort != 0))
        {
            throw new ArgumentException("MosquittoBrokerOptions.TlsPort/RequireClientCertificate need CertFile and KeyFile.", nameof(TlsPort));
        }

        if (RequireClientCertificate && CaFile is null)
        {
            throw new ArgumentException("MosquittoBrokerOptions.RequireClientCertificate needs CaFile.", nameof(CaFile));
        }

        if (TlsPort is < 0 or > 65535)
        {
            throw new ArgumentException($"MosquittoBrokerOptions.TlsPort must be 0..65535 (was {TlsPort}).", nameof(TlsPort));
        }

        if (PasswordIterations < 1)
        {
            throw new ArgumentException("MosquittoBrokerOptions.PasswordIterations must be positive.", nameof(PasswordIterations));
        }

        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("MosquittoBrokerOptions.StartTimeout must be positive.", nameof(StartTimeout));
        }

        if (StopTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("MosquittoBrokerOptions.StopTimeout must not be negative.", nameof(StopTimeout));
        }
    }
}
