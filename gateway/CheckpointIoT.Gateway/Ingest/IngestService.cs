using System.Diagnostics;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Mosquitto;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Ingest;

/// <summary>
/// The MQTT side of ingest: connects to the broker as the gateway account (persistent session, so QoS 1
/// messages published while it reconnects wait in the broker), subscribes cp/v1/+/up and cp/v1/+/status,
/// drains up to Gateway:IngestBatchSize messages at a time into <see cref="IngestProcessor"/> (one SQLite
/// transaction per batch), then publishes each verdict (QoS 0, see <see cref="VerdictQos"/>) on
/// cp/v1/&lt;node&gt;/verdict and drives the indicator. libmosquitto's network thread only fills the client's channel; this loop does the work.
/// </summary>
public sealed class IngestService : BackgroundService
{
    public const string ClientId = "checkpoint-gateway";

    /// <summary>
    /// Verdicts go out at QoS 0. The verdict is the application-level acknowledgement: the node keeps the check-in in
    /// its queue until a verdict for that sequence arrives and re-sends it otherwise (the gateway then re-sends the stored
    /// verdict), so end to end delivery stays at-least-once without a PUBACK per verdict, and the broker does not queue
    /// stale verdicts for an offline node. QoS 1 here also made libmosquitto walk its whole list of unacknowledged
    /// messages on every publish and every PUBACK (measured: a third of the CPU at 8,000 check-ins/s).
    /// </summary>
    public const int VerdictQos = 0;

    private readonly GatewayOptions _options;
    private readonly IBrokerEndpoint _broker;
    private readonly GatewayCredentials _credentials;
    private readonly IngestProcessor _processor;
    private readonly IIndicator _indicator;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<IngestService> _logger;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MqttClient? _client;

    public IngestService(
        GatewayOptions options,
        IBrokerEndpoint broker,
        GatewayCredentials credentials,
        IngestProcessor processor,
        IIndicator indicator,
        GatewayMetrics metrics,
        ILogger<IngestService> logger)
    {
        _options = options;
        _broker = broker;
        _credentials = credentials;
        _processor = processor;
        _indicator = indicator;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>True while the gateway's MQTT session is up.</summary>
    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Completes once the subscriptions are in place (tests and the bench wait for it).</summary>
    public Task Subscribed => _subscribed.Task;

    /// <summary>Messages handed over by the broker but not yet processed.</summary>
    public int QueueDepth => _client is { } c && c.Messages.CanCount ? c.Messages.Count : 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = _broker.Host,
            Port = _broker.Port,
            ClientId = ClientId,
            Username = _credentials.Username,
            Password = _credentials.Password,
            CleanSession = false,
            KeepAliveSeconds = 30,
            ReconnectDelayMin = TimeSpan.FromMilliseconds(500),
            ReconnectDelayMax = TimeSpan.FromSeconds(5),
            MaxInflightMessages = 0,
            Tls = _options.Broker.Mode == BrokerMode.External && !string.IsNullOrEmpty(_options.Broker.TlsCaFile)
                ? new MqttTlsOptions { CaFile = _options.Broker.TlsCaFile }
                : null,
        });
        _client = client;
        client.ConnectionChanged += up =>
        {
            if (_broker is ExternalBrokerEndpoint external)
            {
                external.IsRunning = up;
            }

            if (up)
            {
                _logger.LogInformation("connected to the broker at {Host}:{Port}", _broker.Host, _broker.Port);
                _indicator.Show(IndicatorPattern.Idle);
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning("lost the broker connection; reconnecting");
                _indicator.Show(IndicatorPattern.Offline);
            }
        };

        if (!await ConnectAndSubscribeAsync(client, stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var batch = new List<MqttMessage>(_options.IngestBatchSize);
        var reader = client.Messages;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Drain(reader, batch);
                Handle(client, batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stop taking messages, then finish what the broker already handed over.
        await client.DisconnectAsync().ConfigureAwait(false);
        while (reader.TryPeek(out _))
        {
            Drain(reader, batch);
            Handle(client, batch);
        }
    }

    private async Task<bool> ConnectAndSubscribeAsync(MqttClient client, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await client.ConnectAsync(ct).ConfigureAwait(false);
                await client.SubscribeAsync("cp/v1/+/up", 1, ct).ConfigureAwait(false);
                await client.SubscribeAsync("cp/v1/+/status", 1, ct).ConfigureAwait(false);
                _subscribed.TrySetResult();
                _logger.LogInformation("ingest subscribed to cp/v1/+/up and cp/v1/+/status on {Host}:{Port}", _broker.Host, _broker.Port);
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex) when (ex is MqttException or InvalidOperationException)
            {
                _logger.LogWarning("cannot reach the broker at {Host}:{Port} yet: {Error}", _broker.Host, _broker.Port, ex.Message);
                try
                {
                    await client.DisconnectAsync().ConfigureAwait(false);
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
            }
        }

        return false;
    }

    private void Drain(System.Threading.Channels.ChannelReader<MqttMessage> reader, List<MqttMessage> batch)
    {
        batch.Clear();
        while (batch.Count < _options.IngestBatchSize && reader.TryRead(out var m))
        {
            batch.Add(m);
        }
    }

    private void Handle(MqttClient client, List<MqttMessage> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        IngestBatchResult result;
        try
        {
            result = _processor.Process(batch);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "ingest batch of {Count} failed", batch.Count);
            _indicator.Show(IndicatorPattern.Error);
            return;
        }

        OutgoingVerdict? shown = null;
        foreach (var v in result.Verdicts)
        {
            Publish(client, v);
            _metrics.CountVerdict(v.Decision.ResultName);
            _metrics.VerdictLatency.Observe(Stopwatch.GetElapsedTime(started));
            if (v.Kind == CheckinKind.QrScan && v.Outcome != IngestOutcome.Duplicate)
            {
                shown = v;
            }
        }

        if (shown is { } s)
        {
            _indicator.Show(s.Decision.Result switch
            {
                VerdictResult.Pass => IndicatorPattern.Pass,
                VerdictResult.Fail => IndicatorPattern.Fail,
                _ => IndicatorPattern.Error,
            });
        }
    }

    private void Publish(MqttClient client, OutgoingVerdict v)
    {
        Task sent;
        try
        {
            sent = client.PublishAsync(Topics.Verdict(v.NodeId), v.Encode(), VerdictQos, false);
        }
        catch (Exception ex) when (ex is MqttException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogWarning("verdict for {NodeId}#{Sequence} not sent: {Error} (the node will resend and get it again)", v.NodeId, v.Sequence, ex.Message);
            return;
        }

        if (!sent.IsCompleted)
        {
            _ = sent.ContinueWith(
                static (t, state) => _ = t.Exception,
                null,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        else
        {
            _ = sent.Exception;
        }
    }
}
