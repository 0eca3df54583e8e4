using System.Buffers;
using System.Threading.Channels;
using CheckpointIoT.Node.Core.Seams;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// The node's MQTT seam over an MQTTnet 5 client: MQTT 3.1.1 (as nanoFramework.M2Mqtt on the ESP32), clean session,
/// QoS 1, the last will on the status topic. <see cref="Connect"/> is one attempt; the node controller owns retry
/// and backoff. Topics subscribed once are subscribed again on every later connect. The receive handler only copies
/// a message into a channel (MQTTnet sends the PUBACK when the handler returns); a pump raises <see cref="MessageReceived"/>.
/// </summary>
public sealed class MqttNetLink : IMqttLink, IAsyncDisposable
{
    private readonly MqttNetLinkOptions _options;
    private readonly MqttClientOptions _clientOptions;
    private readonly ILog? _log;
    private readonly MqttClientFactory _factory = new();
    private readonly Channel<(string Topic, byte[] Payload)> _inbox = Channel.CreateBounded<(string, byte[])>(256);
    private readonly List<string> _subscriptions = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private IMqttClient _client;
    private int _publishFailures;
    private int _handlerFailures;

    public MqttNetLink(MqttNetLinkOptions options, ILog? log = null)
    {
        options.Validate();
        _options = options;
        _log = log;
        var builder = _factory.CreateClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(options.Timeout);
        if (options.Username != null) builder.WithCredentials(options.Username, options.Password);
        if (options.WillTopic != null)
        {
            builder.WithWillTopic(options.WillTopic).WithWillPayload(options.WillPayload!)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithWillRetain(options.WillRetain);
        }
        if (options.CaFile != null)
        {
            var trust = new BrokerCaTrust(options.CaFile);
            builder.WithTlsOptions(tls => tls.UseTls().WithTargetHost(options.Host).WithCertificateValidationHandler(trust.Validate));
        }
        _clientOptions = builder.Build();
        _client = NewClient();
        _pump = Task.Run(PumpAsync);
    }

    public event MqttMessageHandler? MessageReceived;

    public bool IsConnected => _client.IsConnected;

    /// <summary>QoS 1 publishes that failed after being handed over (e.g. the link dropped before PUBACK).</summary>
    public int PublishFailures => Volatile.Read(ref _publishFailures);

    /// <summary>Messages whose <see cref="MessageReceived"/> handler threw.</summary>
    public int HandlerFailures => Volatile.Read(ref _handlerFailures);

    /// <summary>One connection attempt (at most <see cref="MqttNetLinkOptions.Timeout"/>); failures throw with the broker's reason.</summary>
    public bool Connect()
    {
        var client = _client;
        if (client.IsConnected) return true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_options.Timeout);
        var result = client.ConnectAsync(_clientOptions, timeout.Token).GetAwaiter().GetResult();
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new IOException($"broker {_options.Host}:{_options.Port} refused the connection: {result.ResultCode}");
        string[] topics;
        lock (_subscriptions) topics = [.. _subscriptions];
        foreach (string topic in topics)
        {
            if (!SubscribeCore(client, topic)) throw new IOException($"broker refused the subscription to {topic}");
        }
        return true;
    }

    public void Disconnect()
    {
        var client = _client;
        if (client.IsConnected) client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Drops the connection without DISCONNECT, like a power cut: the broker publishes the last will (tests).</summary>
    public Task AbortAsync()
    {
        var dropped = Interlocked.Exchange(ref _client, NewClient());
        dropped.Dispose(); // closes the socket; Dispose sends no DISCONNECT
        return Task.CompletedTask;
    }

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        var client = _client;
        if (!client.IsConnected) return false;
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        // Not awaited: the node's queue keeps the record until the gateway's verdict/ack, so a lost PUBACK costs a resend.
        client.PublishAsync(message, _stop.Token).ContinueWith(
            t => { if (t.IsFaulted || t.IsCanceled || !t.Result.IsSuccess) Interlocked.Increment(ref _publishFailures); },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    public bool Subscribe(string topic)
    {
        lock (_subscriptions)
        {
            if (!_subscriptions.Contains(topic)) _subscriptions.Add(topic);
        }
        var client = _client;
        return client.IsConnected && SubscribeCore(client, topic);
    }

    private bool SubscribeCore(IMqttClient client, string topic)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_options.Timeout);
        var result = client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token).GetAwaiter().GetResult();
        return result.Items.All(i => i.ResultCode is MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2);
    }

    private IMqttClient NewClient()
    {
        var client = _factory.CreateMqttClient();
        // The payload's buffer belongs to MQTTnet: copy it. A full inbox holds the PUBACK back (no message is dropped).
        client.ApplicationMessageReceivedAsync += e => _inbox.Writer.WriteAsync((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()), _stop.Token).AsTask();
        return client;
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var (topic, payload) in _inbox.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    MessageReceived?.Invoke(topic, payload);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref _handlerFailures);
                    _log?.Write(LogLevel.Error, "MQTT message handler failed on " + topic + ": " + ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        var client = _client;
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is MqttCommunicationException or TimeoutException or OperationCanceledException)
        {
        }
        _stop.Cancel();
        client.Dispose();
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
    }
}
