using System.Threading.Channels;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Storage;

namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>
/// Gateway:Broker:Mode=external: the gateway is an MQTTnet client (one <see cref="ResilientMqttClient"/>) of a broker the
/// site runs, e.g. Mosquitto. Persistent session as <see cref="ClientId"/> (QoS 1 check-ins published while the gateway
/// is away wait in the broker), subscribed to cp/v1/+/up and cp/v1/+/status at QoS 1; verdicts go out at QoS 0. The
/// broker's accounts and ACL are managed on that broker (README.md shows how); <see cref="ApplyRegistryAsync"/> only
/// says so.
/// </summary>
public sealed class ExternalBroker : IBrokerEndpoint, IGatewayMessaging, IHostedService, IAsyncDisposable
{
    /// <summary>The gateway's MQTT client id (names its persistent session on the broker).</summary>
    public const string ClientId = "checkpoint-gateway";

    public const string UpTopicFilter = "cp/v1/+/up";

    public const string StatusTopicFilter = "cp/v1/+/status";

    private readonly ResilientMqttClient _client;
    private readonly ILogger<ExternalBroker> _logger;

    public ExternalBroker(GatewayOptions options, GatewayCredentials credentials, ILogger<ExternalBroker> logger)
        : this(options, credentials, logger, null)
    {
    }

    /// <summary><paramref name="tune"/> may adjust the link's timings (tests shorten the reconnect delays).</summary>
    internal ExternalBroker(GatewayOptions options, GatewayCredentials credentials, ILogger<ExternalBroker> logger, Action<ResilientMqttClientOptions>? tune)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        _logger = logger;
        var broker = options.Broker;
        Host = broker.Host;
        Port = broker.Port;
        NodeTlsPort = string.IsNullOrEmpty(broker.TlsCaFile) ? null : broker.Port;
        var link = new ResilientMqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = ClientId,
            Username = credentials.Username,
            Password = credentials.Password,
            TlsCaFile = string.IsNullOrEmpty(broker.TlsCaFile) ? null : broker.TlsCaFile,
            CleanSession = false,
            KeepAliveSeconds = 30,
            ReconnectDelayMinMilliseconds = 500,
            ReconnectDelayMaxMilliseconds = 10_000,
            HealthCheckIntervalMilliseconds = 10_000,
            Subscriptions = [new MqttSubscription(UpTopicFilter, 1), new MqttSubscription(StatusTopicFilter, 1)],
        };
        tune?.Invoke(link);
        _client = new ResilientMqttClient(link, logger, GatewayOptions.SectionName + ":Broker");
    }

    public string Host { get; }

    public int Port { get; }

    public string NodeHost => Host;

    public int NodePort => Port;

    /// <summary>With Gateway:Broker:TlsCaFile set the external broker's port speaks TLS, for the nodes too.</summary>
    public int? NodeTlsPort { get; }

    public bool IsRunning => _client.IsConnected;

    public bool IsConnected => _client.IsConnected;

    public Task Ready => _client.Ready;

    public ChannelReader<InboundMessage> Inbound => _client.Messages;

    /// <summary>The link itself (state, last failure, attempt counts) for health pages and tests.</summary>
    public ResilientMqttClient Link => _client;

    public bool TrySend(string topic, byte[] payload, bool retain = false) => _client.TryPublish(topic, payload, retain);

    public Task ApplyRegistryAsync(IReadOnlyList<NodeRecord> nodes, CancellationToken ct = default)
    {
        _logger.LogWarning(
            "external broker: add or update the node credentials and ACL on {Host}:{Port} yourself (see gateway/CheckpointIoT.Gateway/Broker/External/README.md)",
            Host,
            Port);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _client.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _client.StopAsync();

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
