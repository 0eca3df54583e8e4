using System.Diagnostics;
using System.Threading.Channels;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Ingest;

/// <summary>
/// The consumer side of ingest: reads <see cref="IGatewayMessaging.Inbound"/>, drains up to Gateway:IngestBatchSize
/// messages at a time into <see cref="IngestProcessor"/> (one SQLite transaction per batch), then sends each verdict
/// (QoS 0, see <see cref="IGatewayMessaging.TrySend"/>) on cp/v1/&lt;node&gt;/verdict and drives the indicator. The MQTT side (embedded
/// broker or external client) only fills the channel; this loop does the work. The indicator shows offline while
/// <see cref="IGatewayMessaging.IsConnected"/> is false.
/// </summary>
public sealed class IngestService : BackgroundService
{
    private static readonly TimeSpan ConnectionPoll = TimeSpan.FromMilliseconds(250);

    private readonly GatewayOptions _options;
    private readonly IGatewayMessaging _messaging;
    private readonly IngestProcessor _processor;
    private readonly IIndicator _indicator;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<IngestService> _logger;

    public IngestService(
        GatewayOptions options,
        IGatewayMessaging messaging,
        IngestProcessor processor,
        IIndicator indicator,
        GatewayMetrics metrics,
        ILogger<IngestService> logger)
    {
        _options = options;
        _messaging = messaging;
        _processor = processor;
        _indicator = indicator;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>True while messages can flow (from the seam).</summary>
    public bool IsConnected => _messaging.IsConnected;

    /// <summary>Messages handed over by the MQTT side but not yet processed.</summary>
    public int QueueDepth => _messaging.Inbound.CanCount ? _messaging.Inbound.Count : 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _messaging.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _indicator.Show(IndicatorPattern.Idle);
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var watcher = WatchConnectionAsync(watchStop.Token);
        var batch = new List<InboundMessage>(_options.IngestBatchSize);
        var reader = _messaging.Inbound;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Drain(reader, batch);
                Handle(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Finish what the MQTT side already accepted (acknowledged to the nodes) while its verdicts can still go out.
        while (reader.TryPeek(out _))
        {
            Drain(reader, batch);
            Handle(batch);
        }

        await watchStop.CancelAsync().ConfigureAwait(false);
        await watcher.ConfigureAwait(false);
    }

    private async Task WatchConnectionAsync(CancellationToken ct)
    {
        var up = true;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(ConnectionPoll, ct).ConfigureAwait(false);
                var now = _messaging.IsConnected;
                if (now == up)
                {
                    continue;
                }

                up = now;
                if (up)
                {
                    _logger.LogInformation("MQTT messaging is up again");
                    _indicator.Show(IndicatorPattern.Idle);
                }
                else
                {
                    _logger.LogWarning("MQTT messaging is down");
                    _indicator.Show(IndicatorPattern.Offline);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Drain(ChannelReader<InboundMessage> reader, List<InboundMessage> batch)
    {
        batch.Clear();
        while (batch.Count < _options.IngestBatchSize && reader.TryRead(out var m))
        {
            batch.Add(m);
        }
    }

    private void Handle(List<InboundMessage> batch)
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
            if (!_messaging.TrySend(Topics.Verdict(v.NodeId), v.Encode()))
            {
                _logger.LogWarning("verdict for {NodeId}#{Sequence} not sent (the node will resend and get it again)", v.NodeId, v.Sequence);
            }

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
}
