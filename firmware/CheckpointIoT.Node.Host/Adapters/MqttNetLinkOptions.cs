namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>Broker address, credentials, TLS and last will of a <see cref="MqttNetLink"/>; <see cref="Validate"/> names the bad option.</summary>
public sealed class MqttNetLinkOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1883;
    public string ClientId { get; set; } = "";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>How long one connect (or subscribe) may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PEM file with the CA that signed the broker's certificate; null = plain TCP.</summary>
    public string? CaFile { get; set; }

    /// <summary>Last will (QoS 1): the broker publishes it when the link drops without DISCONNECT.</summary>
    public string? WillTopic { get; set; }
    public byte[]? WillPayload { get; set; }
    public bool WillRetain { get; set; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("Host: a broker host name or IP address is required");
        if (Port < 1 || Port > 65535) throw new ArgumentException($"Port: must be 1-65535, got {Port}");
        if (string.IsNullOrEmpty(ClientId)) throw new ArgumentException("ClientId: required (the node id)");
        if (Password != null && Username == null) throw new ArgumentException("Password: needs Username");
        if (KeepAliveSeconds < 1 || KeepAliveSeconds > 65535) throw new ArgumentException($"KeepAliveSeconds: must be 1-65535, got {KeepAliveSeconds}");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException("Timeout: must be positive");
        if (CaFile != null && !File.Exists(CaFile)) throw new ArgumentException($"CaFile: {CaFile} not found");
        if ((WillTopic == null) != (WillPayload == null)) throw new ArgumentException("WillTopic: the last will needs both a topic and a payload");
    }
}
