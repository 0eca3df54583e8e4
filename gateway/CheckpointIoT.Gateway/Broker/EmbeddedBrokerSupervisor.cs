using System.Globalization;
using System.Text;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Identity;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Mosquitto;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Runs mosquitto for the gateway (Gateway:Broker:Mode=embedded): stops a broker an earlier (killed) gateway left
/// on the same directory, picks the port (1883 taken → first free above it, with a warning; the choice is remembered
/// in broker/port so a restart comes back on the port the nodes were enrolled with), writes config + password file + ACL from the registry into
/// &lt;DataDirectory&gt;/broker/, starts it, restarts it when it dies (counted in checkpoint_broker_restarts_total),
/// and reloads it (SIGHUP) when the registry changes. State machine: Stopped → Starting → Running →
/// (died) Restarting → Running …; StopAsync → Stopped.
/// </summary>
public sealed class EmbeddedBrokerSupervisor : IBrokerEndpoint, IHostedService, IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly GatewayCredentials _credentials;
    private readonly GatewayStore _store;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<EmbeddedBrokerSupervisor> _logger;
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private MosquittoBroker? _broker;
    private string _gatewayHash = string.Empty;
    private int _restarting;

    public EmbeddedBrokerSupervisor(GatewayOptions options, GatewayCredentials credentials, GatewayStore store, GatewayMetrics metrics, ILogger<EmbeddedBrokerSupervisor> logger)
    {
        _options = options;
        _credentials = credentials;
        _store = store;
        _metrics = metrics;
        _logger = logger;
        Host = options.Broker.Host;
    }

    public string Host { get; }

    public int Port { get; private set; }

    public string NodeHost => string.IsNullOrEmpty(_options.Broker.LanBind) || _options.Broker.LanBind is "0.0.0.0" or "::" ? Host : _options.Broker.LanBind;

    public int NodePort => !string.IsNullOrEmpty(_options.Broker.LanBind) && _options.Broker.LanPort > 0 ? LanPort : Port;

    public int? NodeTlsPort => string.IsNullOrEmpty(_options.Broker.TlsCertFile) ? null : _options.Broker.TlsPort;

    public bool IsRunning => _broker?.IsRunning == true;

    /// <summary>The broker's files (mosquitto.conf, passwd, acl, mosquitto.log).</summary>
    public string Directory => _options.BrokerDirectory;

    /// <summary>pid of the running mosquitto, if any (tests kill it to check the restart).</summary>
    public int? ProcessId => _broker?.ProcessId;

    private int LanPort { get; set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var b = _options.Broker;
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var pid in StaleBrokerReaper.Reap(Path.Combine(Directory, "mosquitto.conf"), TimeSpan.FromSeconds(5)))
        {
            _logger.LogWarning("stopped mosquitto pid {Pid} left running by an earlier gateway with the same broker directory", pid);
        }

        var wanted = BrokerPortMemory.Preferred(Directory, b.Port);
        Port = PortPicker.Pick(b.Host, wanted);
        if (wanted != 0 && Port != wanted)
        {
            _logger.LogWarning(
                "port {Wanted} on {Host} is already taken (an apt-installed mosquitto service often holds 1883): the embedded broker uses {Port} instead; set Gateway:Broker:Port to choose",
                wanted, b.Host, Port);
        }

        BrokerPortMemory.Remember(Directory, b.Port, Port);

        var bind = b.Host;
        var extra = new StringBuilder();
        extra.Append("password_file ").Append(Path.Combine(Directory, "passwd")).Append('\n');
        extra.Append("max_queued_messages 100000\nmax_inflight_messages 1000\nautosave_interval 30\nset_tcp_nodelay true\n");
        if (!string.IsNullOrEmpty(b.LanBind) && b.LanPort > 0)
        {
            if (b.LanBind is "0.0.0.0" or "::" && b.LanPort == Port)
            {
                bind = b.LanBind; // one wildcard listener also serves loopback
                LanPort = Port;
            }
            else
            {
                LanPort = b.LanPort;
                extra.Append(CultureInfo.InvariantCulture, $"listener {b.LanPort} {b.LanBind}\n");
            }
        }

        if (!string.IsNullOrEmpty(b.TlsCertFile))
        {
            extra.Append(CultureInfo.InvariantCulture, $"listener {b.TlsPort} {(string.IsNullOrEmpty(b.LanBind) ? "0.0.0.0" : b.LanBind)}\n");
            if (!string.IsNullOrEmpty(b.TlsCaFile))
            {
                extra.Append("cafile ").Append(Path.GetFullPath(b.TlsCaFile)).Append('\n');
            }

            extra.Append("certfile ").Append(Path.GetFullPath(b.TlsCertFile)).Append('\n');
            extra.Append("keyfile ").Append(Path.GetFullPath(b.TlsKeyFile!)).Append('\n');
            extra.Append("require_certificate false\n");
        }

        _gatewayHash = MosquittoPasswordFile.HashPassword(_credentials.Password!, b.PasswordIterations);
        WritePasswordFile(_store.LoadNodes());
        _broker = new MosquittoBroker(new MosquittoBrokerOptions
        {
            Executable = string.IsNullOrEmpty(b.Executable) ? null : b.Executable,
            Bind = bind,
            Port = Port,
            DataDirectory = Directory,
            AllowAnonymous = false,
            AclText = BrokerAccessRules.RenderAcl(),
            Persistence = true,
            ExtraConfig = extra.ToString(),
        });
        _broker.Exited += OnExited;
        await _broker.StartAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("embedded mosquitto running on {Host}:{Port} (pid {Pid}, files in {Dir})", Host, Port, _broker.ProcessId, Directory);
    }

    public async Task ApplyRegistryAsync(IReadOnlyList<NodeRecord> nodes, CancellationToken ct = default)
    {
        await _apply.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            WritePasswordFile(nodes);
            if (_broker is { } broker)
            {
                broker.UpdateAcl(BrokerAccessRules.RenderAcl()); // rewrites the files and sends SIGHUP when running
            }
        }
        finally
        {
            _apply.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        if (_broker is { } broker)
        {
            await broker.StopAsync().ConfigureAwait(false);
            _logger.LogInformation("embedded mosquitto stopped");
        }
    }

    /// <summary>Restarts the broker now (operations; the restart counter counts it).</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        if (_broker is { } broker)
        {
            _metrics.BrokerRestarts.Inc();
            await broker.RestartAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_broker is { } broker)
        {
            await broker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void WritePasswordFile(IEnumerable<NodeRecord> nodes) =>
        SecretFile.WriteNew(Path.Combine(Directory, "passwd"), BrokerAccessRules.RenderPasswordFile(_gatewayHash, nodes));

    private void OnExited(int code)
    {
        if (_stopping.IsCancellationRequested || Interlocked.Exchange(ref _restarting, 1) == 1)
        {
            return;
        }

        _logger.LogWarning("mosquitto exited unexpectedly (code {Code}); restarting. Log tail:\n{Tail}", code, _broker?.LogTail(10));
        _ = Task.Run(RestartLoopAsync);
    }

    private async Task RestartLoopAsync()
    {
        var delay = TimeSpan.FromMilliseconds(_options.Broker.RestartDelayMilliseconds);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                    _metrics.BrokerRestarts.Inc();
                    await _broker!.StartAsync(_stopping.Token).ConfigureAwait(false);
                    _logger.LogInformation("mosquitto restarted on {Host}:{Port} (pid {Pid})", Host, Port, _broker.ProcessId);
                    return;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _logger.LogError("mosquitto restart failed: {Message}", ex.Message);
                    delay = TimeSpan.FromMilliseconds(Math.Min(30_000, Math.Max(500, delay.TotalMilliseconds * 2)));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _restarting, 0);
        }
    }
}
