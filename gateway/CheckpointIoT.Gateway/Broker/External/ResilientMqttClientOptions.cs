using CheckpointIoT.Gateway.Configuration;

namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>
/// Settings of one <see cref="ResilientMqttClient"/>. <see cref="Validate"/> runs in the client's constructor, so a bad
/// value is a <see cref="GatewayConfigException"/> naming the key at start, not a connect loop that can never succeed.
/// </summary>
public sealed class ResilientMqttClientOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>MQTT client id; with <see cref="CleanSession"/> false it names the broker-side session.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Account on the broker; null = anonymous.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>PEM file with the CA certificate(s) the server's chain must end in; set = TLS on, nothing else trusted.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>Name the server certificate must carry (SAN); empty = <see cref="Host"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>false = persistent session: the broker keeps the subscriptions and queues QoS 1 messages while the client is away.</summary>
    public bool CleanSession { get; set; } = true;

    /// <summary>4 = MQTT 3.1.1, 5 = MQTT 5.0.</summary>
    public int ProtocolVersion { get; set; } = 4;

    /// <summary>MQTT 5 only: seconds the broker keeps a persistent session after a disconnect (0xFFFFFFFF = never expires).</summary>
    public uint SessionExpirySeconds { get; set; } = uint.MaxValue;

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Time allowed for TCP + TLS + CONNACK, and for each SUBSCRIBE, PUBLISH and PING answer.</summary>
    public int ConnectTimeoutMilliseconds { get; set; } = 10_000;

    /// <summary>First reconnect delay; each further failed attempt doubles it up to <see cref="ReconnectDelayMaxMilliseconds"/>.</summary>
    public int ReconnectDelayMinMilliseconds { get; set; } = 500;

    public int ReconnectDelayMaxMilliseconds { get; set; } = 30_000;

    /// <summary>How often a Connected link is checked with a PINGREQ (TryPingAsync); a failed ping means Disconnected.</summary>
    public int HealthCheckIntervalMilliseconds { get; set; } = 10_000;

    /// <summary>Received messages buffered for the consumer; when full, the receive handler waits (so does the PUBACK).</summary>
    public int InboundCapacity { get; set; } = 10_000;

    /// <summary>Made again after every (re)connect, whether or not the broker kept the session.</summary>
    public IReadOnlyList<MqttSubscription> Subscriptions { get; set; } = [];

    /// <summary>Throws <see cref="GatewayConfigException"/> naming <paramref name="prefix"/>:&lt;key&gt; for the first bad value.</summary>
    public void Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new GatewayConfigException(prefix + ":Host", "must not be empty");
        }

        if (Port is < 1 or > 65535)
        {
            throw new GatewayConfigException(prefix + ":Port", $"must be a TCP port 1..65535 (got {Port})");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new GatewayConfigException(prefix + ":ClientId", "must not be empty");
        }

        if (Password is not null && string.IsNullOrEmpty(Username))
        {
            throw new GatewayConfigException(prefix + ":Username", "is required when a password is set");
        }

        if (!string.IsNullOrEmpty(TlsCaFile))
        {
            if (!File.Exists(TlsCaFile))
            {
                throw new GatewayConfigException(prefix + ":TlsCaFile", $"file '{TlsCaFile}' does not exist");
            }

            try
            {
                if (ExternalTls.LoadCaFile(TlsCaFile).Count == 0)
                {
                    throw new GatewayConfigException(prefix + ":TlsCaFile", $"'{TlsCaFile}' holds no PEM certificate");
                }
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new GatewayConfigException(prefix + ":TlsCaFile", $"'{TlsCaFile}' is not a PEM certificate file: {ex.Message}");
            }
        }

        if (ProtocolVersion is not (4 or 5))
        {
            throw new GatewayConfigException(prefix + ":ProtocolVersion", $"must be 4 (MQTT 3.1.1) or 5 (MQTT 5.0) (got {ProtocolVersion})");
        }

        if (KeepAliveSeconds is < 0 or > 65535)
        {
            throw new GatewayConfigException(prefix + ":KeepAliveSeconds", $"must be 0..65535 (got {KeepAliveSeconds})");
        }

        if (ConnectTimeoutMilliseconds is < 100 or > 600_000)
        {
            throw new GatewayConfigException(prefix + ":ConnectTimeoutMilliseconds", $"must be 100..600000 (got {ConnectTimeoutMilliseconds})");
        }

        if (ReconnectDelayMinMilliseconds is < 10 or > 600_000)
        {
            throw new GatewayConfigException(prefix + ":ReconnectDelayMinMilliseconds", $"must be 10..600000 (got {ReconnectDelayMinMilliseconds})");
        }

        if (ReconnectDelayMaxMilliseconds < ReconnectDelayMinMilliseconds || ReconnectDelayMaxMilliseconds > 3_600_000)
        {
            throw new GatewayConfigException(prefix + ":ReconnectDelayMaxMilliseconds", $"must be ReconnectDelayMinMilliseconds..3600000 (got {ReconnectDelayMaxMilliseconds})");
        }

        if (HealthCheckIntervalMilliseconds is < 100 or > 3_600_000)
        {
            throw new GatewayConfigException(prefix + ":HealthCheckIntervalMilliseconds", $"must be 100..3600000 (got {HealthCheckIntervalMilliseconds})");
        }

        if (InboundCapacity is < 1 or > 10_000_000)
        {
            throw new GatewayConfigException(prefix + ":InboundCapacity", $"must be 1..10000000 (got {InboundCapacity})");
        }

        for (var i = 0; i < Subscriptions.Count; i++)
        {
            var s = Subscriptions[i];
            if (s is null || string.IsNullOrEmpty(s.TopicFilter) || s.Qos is < 0 or > 2)
            {
                throw new GatewayConfigException($"{prefix}:Subscriptions:{i}", "needs a topic filter and a QoS 0..2");
            }
        }
    }
}
