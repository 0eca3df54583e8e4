using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Node.Core.Wire;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Gateway:Broker:Mode=embedded: an MQTTnet server in the gateway's own process. Logins are checked against the node
/// registry (user name = client id = node id, password hash from the registry); topic rules are
/// <see cref="BrokerAccessRules"/>; a node's publish on its up/status topic (and its last will) is copied into
/// <see cref="Inbound"/>, awaiting room there so a flood slows that client down instead of losing messages; check-ins
/// (up) are not routed any further, so the broker keeps nothing personal. Verdicts are injected at QoS 0.
/// Listeners: loopback Host:Port, optional LAN LanBind:LanPort, optional TLS TlsPort (see <see cref="BrokerListener"/>).
/// Lifecycle: Created → (StartAsync) Running → (StopAsync) Stopped; a listener that cannot bind fails the start.
/// </summary>
public sealed class EmbeddedBroker : IBrokerEndpoint, IGatewayMessaging, IHostedService, IAsyncDisposable
{
    /// <summary>Most messages a node's session may have queued towards it (MQTTnet's default, 1,000, drops the oldest beyond).</summary>
    public const int MaxPendingMessagesPerClient = 10_000;

    private const string NodeKey = "cp.node";
    private const string HashKey = "cp.hash";

    private readonly GatewayOptions _options;
    private readonly NodeRegistry _registry;
    private readonly ILogger<EmbeddedBroker> _logger;
    private readonly MqttNetLogBridge _mqttLog;
    private readonly Channel<InboundMessage> _inbound;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly List<BrokerListener> _listeners = [];
    private MqttServer? _server;
    private volatile bool _running;
    private int _nodePort;

    public EmbeddedBroker(GatewayOptions options, NodeRegistry registry, ILogger<EmbeddedBroker> logger, ILogger<MqttNetLogBridge> mqttLogger)
    {
        _options = options;
        _registry = registry;
        _logger = logger;
        _mqttLog = new MqttNetLogBridge(mqttLogger);
        Host = options.Broker.Host;
        _inbound = Channel.CreateBounded<InboundMessage>(new BoundedChannelOptions(InboundCapacity(options))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public string Host { get; }

    public int Port { get; private set; }

    public string NodeHost => string.IsNullOrEmpty(_options.Broker.LanBind) || _options.Broker.LanBind is "0.0.0.0" or "::" ? Host : _options.Broker.LanBind;

    public int NodePort => _nodePort;

    public int? NodeTlsPort => _listeners.FirstOrDefault(l => l.IsTls)?.Port ?? (string.IsNullOrEmpty(_options.Broker.TlsCertFile) ? null : _options.Broker.TlsPort);

    public bool IsRunning => _running;

    public bool IsConnected => _running;

    public ChannelReader<InboundMessage> Inbound => _inbound.Reader;

    public Task Ready => _ready.Task;

    /// <summary>The listeners as bound (for logs and tests).</summary>
    public IReadOnlyList<BrokerListener> Listeners => _listeners;

    /// <summary>Room in <see cref="Inbound"/>: a few ingest batches.</summary>
    public static int InboundCapacity(GatewayOptions options) => Math.Max(1024, options.IngestBatchSize * 4);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var b = _options.Broker;
        Directory.CreateDirectory(_options.BrokerDirectory);
        var wanted = BrokerPortMemory.Preferred(_options.BrokerDirectory, b.Port);
        Port = PortPicker.Pick(b.Host, wanted);
        if (wanted != 0 && Port != wanted)
        {
            _logger.LogWarning(
                "port {Wanted} on {Host} is already taken (an apt-installed mosquitto service often holds 1883): the embedded broker uses {Port} instead; set Gateway:Broker:Port to choose",
                wanted, b.Host, Port);
        }

        BrokerPortMemory.Remember(_options.BrokerDirectory, b.Port, Port);
        var plan = BrokerListenerPlan.Plan(b, Port);
        _nodePort = BrokerListenerPlan.NodePort(plan);
        foreach (var entry in plan)
        {
            _listeners.Add(new BrokerListener(entry.Name, entry.Address, entry.Port, entry.Tls ? LoadCertificate(b) : null, _logger));
        }

        var serverOptions = new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithoutEncryptedEndpoint()
            .WithoutPacketFragmentation()
            .WithMaxPendingMessagesPerClient(MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .WithPersistentSessions(false)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(serverOptions, _listeners, _mqttLog);
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        _server = server;
        await server.StartAsync().ConfigureAwait(false);
        _running = true;
        _ready.TrySetResult();
        _logger.LogInformation("embedded MQTT broker (MQTTnet) listening on {Listeners}", string.Join(", ", _listeners));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        _inbound.Writer.TryComplete(); // a publish still waiting for room is refused (its node re-sends it)
        if (_server is { } server)
        {
            await server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
            _logger.LogInformation("embedded MQTT broker stopped");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            if (server.IsStarted)
            {
                await StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            server.Dispose();
            _server = null;
        }

        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _apply.Dispose();
    }

    public bool TrySend(string topic, byte[] payload, bool retain = false)
    {
        var server = _server;
        if (!_running || server is null)
        {
            return false;
        }

        var message = new MqttApplicationMessage
        {
            Topic = topic,
            PayloadSegment = new ArraySegment<byte>(payload),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce,
            Retain = retain,
        };
        Task sent;
        try
        {
            sent = server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = BrokerAccessRules.GatewayClientId });
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or MqttProtocolViolationException)
        {
            _logger.LogWarning("not sent on {Topic}: {Error}", topic, ex.Message);
            return false;
        }

        if (sent.IsCompleted)
        {
            return sent.IsCompletedSuccessfully;
        }

        _ = sent.ContinueWith(
            static (t, state) => ((ILogger)state!).LogWarning("injecting a message failed: {Error}", t.Exception?.GetBaseException().Message),
            _logger,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return true;
    }

    /// <summary>
    /// Logins are checked against the registry itself, so a new enrolment can connect at once; here the sessions of
    /// nodes that are no longer enabled, or whose password was rotated, are closed at once.
    /// </summary>
    public async Task ApplyRegistryAsync(IReadOnlyList<NodeRecord> nodes, CancellationToken ct = default)
    {
        if (_server is not { IsStarted: true } server)
        {
            return;
        }

        var current = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        await _apply.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            foreach (var client in await server.GetClientsAsync().ConfigureAwait(false))
            {
                var session = client.Session?.Items;
                var nodeId = session?[NodeKey] as string;
                var hash = session?[HashKey] as string;
                if (nodeId is null)
                {
                    continue;
                }

                var stillValid = current.TryGetValue(nodeId, out var node) && node.Enabled && node.PasswordHash == hash;
                if (!stillValid)
                {
                    _logger.LogInformation("closing the MQTT session of node {NodeId}: {Reason}", nodeId,
                        node is null ? "no longer enrolled" : !node.Enabled ? "disabled" : "credentials rotated");
                    try
                    {
                        await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized }).ConfigureAwait(false);
                    }
                    catch (InvalidOperationException)
                    {
                        // already gone
                    }
                }
            }
        }
        finally
        {
            _apply.Release();
        }
    }

    /// <summary>Topics the broker holds a retained message for (tests: nothing from an up topic may be kept).</summary>
    internal async Task<IReadOnlyList<string>> RetainedTopicsAsync() =>
        _server is { IsStarted: true } server ? (await server.GetRetainedMessagesAsync().ConfigureAwait(false)).Select(m => m.Topic).ToList() : [];

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var user = e.UserName;
        var node = string.IsNullOrEmpty(user) ? null : _registry.Find(user);
        var (code, reason) = BrokerLogin.Decide(e.ClientId, user, e.RawPassword, node);
        e.ReasonCode = code;
        if (code == MqttConnectReasonCode.Success)
        {
            e.SessionItems[NodeKey] = node!.NodeId; // the session's identity for the topic rules and for ApplyRegistryAsync
            e.SessionItems[HashKey] = node.PasswordHash;
        }
        else
        {
            _logger.LogWarning("refused MQTT login from {Endpoint} as {User}: {Reason}", e.RemoteEndPoint, Printable(user), reason);
        }

        return Task.CompletedTask;
    }

    private async Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        if (ReferenceEquals(e.SessionItems, _server?.ServerSessionItems))
        {
            return; // our own injected verdict (injected messages carry the server's session items)
        }

        var topic = e.ApplicationMessage.Topic;
        if (e.SessionItems[NodeKey] is not string nodeId || !BrokerAccessRules.MayPublish(nodeId, topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            _logger.LogWarning("refused publish by {ClientId} on {Topic}", Printable(e.ClientId), Printable(topic));
            return;
        }

        var isUp = topic.EndsWith("/" + Topics.UpLeaf, StringComparison.Ordinal);
        if (isUp)
        {
            e.ProcessPublish = false; // in-process ingest is the only reader; a retained check-in is never kept
        }

        var message = new InboundMessage(topic, e.ApplicationMessage.Payload.ToArray());
        if (!_inbound.Writer.TryWrite(message))
        {
            try
            {
                await _inbound.Writer.WriteAsync(message, e.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
            {
                // Stopping, or the client went away while waiting: no PUBACK, the node re-sends.
                e.ProcessPublish = false;
                e.CloseConnection = true;
            }
        }
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        if (e.SessionItems[NodeKey] is not string nodeId || !BrokerAccessRules.MaySubscribe(nodeId, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.Response.ReasonString = "a node may subscribe only to its own verdict and config topics";
            _logger.LogWarning("refused subscription by {ClientId} to {Filter}", Printable(e.ClientId), Printable(filter));
        }

        return Task.CompletedTask;
    }

    private static X509Certificate2 LoadCertificate(BrokerOptions b)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(b.TlsCertFile!, b.TlsKeyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            throw new GatewayConfigException("Gateway:Broker:TlsCertFile", $"cannot load the certificate '{b.TlsCertFile}' with key '{b.TlsKeyFile}': {ex.Message}");
        }
    }

    /// <summary>Names from the network are logged only when they look like node ids or topics (no arbitrary text in logs).</summary>
    private static string Printable(string? text) =>
        text is null ? "(none)"
        : text.Length <= 80 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '+' or '#' or '_' or '.' or '$') ? text
        : "(unprintable)";
}
