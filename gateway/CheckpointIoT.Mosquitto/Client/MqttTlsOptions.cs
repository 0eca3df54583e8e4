namespace CheckpointIoT.Mosquitto;

/// <summary>TLS settings passed to mosquitto_tls_set / mosquitto_tls_insecure_set.</summary>
public sealed class MqttTlsOptions
{
    /// <summary>PEM file with the CA certificate(s) that signed the broker certificate (required for TLS).</summary>
    public string? CaFile { get; set; }

    /// <summary>Client certificate (PEM) for mutual TLS; needs <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; set; }

    /// <summary>Client private key (PEM, unencrypted) for mutual TLS; needs <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Skip the broker host name check (never in production).</summary>
    public bool Insecure { get; set; }
}
