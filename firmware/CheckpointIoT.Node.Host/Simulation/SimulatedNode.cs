using System.Text;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Runtime;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Host.Adapters;
using CheckpointIoT.Node.Host.Storage;

namespace CheckpointIoT.Node.Host.Simulation;

/// <summary>
/// One node on the host: the portable core's controller wired to an MQTTnet link, a file-backed offline
/// queue, a recording indicator and optional serial (a GM65-family scanner module on a tty or pty, run by the
/// core's <see cref="Gm65Driver"/>) and BLE replay inputs. A background thread calls the same
/// <see cref="NodeRuntime.Step"/> the ESP32's main loop calls, every 10 ms; a serial device that goes away
/// fails the driver (scanner health NotResponding in the status frame), which retries as on the ESP32.
/// </summary>
public sealed class SimulatedNode : IAsyncDisposable
{
    public const string FirmwareVersion = "sim-1.0.0";

    private readonly NodeConfig _config;
    private readonly MqttNetLink _mqtt;
    private readonly SerialPortLink? _serial;
    private readonly ReplayBleScanner? _ble;
    private readonly SystemClock _clock = new();
    private readonly NodeRuntime _runtime;
    private bool _showedNoLink;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _loop;

    /// <param name="caFile">PEM CA for <c>use_tls=true</c> (the <c>ca.pem</c> provisioning writes next to node.cfg).</param>
    public SimulatedNode(NodeConfig config, string dataDirectory, ILog log, string? serialPath = null, string? bleReplayPath = null, string? caFile = null)
    {
        string? error = config.Validate();
        if (error != null) throw new ArgumentException("node config: " + error);
        _config = config;
        Log = log;
        Directory.CreateDirectory(dataDirectory);
        Indicator = new RecordingIndicator(log);
        Queue = new OfflineQueue(new FileQueueStorage(Path.Combine(dataDirectory, "queue")), new QueueOptions { MaxBytes = config.QueueMaxBytes });
        Queue.Open();
        if (config.UseTls && caFile == null) throw new ArgumentException("node config: use_tls=true needs the broker's CA certificate (ca.pem)");
        _mqtt = new MqttNetLink(new MqttNetLinkOptions
        {
            Host = config.BrokerHost,
            Port = config.BrokerPort,
            ClientId = config.NodeId,
            Username = config.MqttUsername,
            Password = config.MqttPassword,
            KeepAliveSeconds = 15,
            WillTopic = Topics.Status(config.NodeId),
            WillPayload = NodeController.BuildLastWill(config, FirmwareVersion),
            WillRetain = true,
            CaFile = config.UseTls ? caFile : null,
        }, log);
        Controller = new NodeController(config, new NodeParts
        {
            Mqtt = _mqtt,
            Clock = _clock,
            Indicator = Indicator,
            Log = log,
            System = new HostSystemMonitor(),
            Queue = Queue,
            Presence = bleReplayPath == null ? null : new PresenceTable(config.PresenceCapacity, config.AtDoorRssi),
            FirmwareVersion = FirmwareVersion,
        });
        Gm65Driver? scanner = null;
        if (serialPath != null)
        {
            _serial = new SerialPortLink(serialPath);
            scanner = new Gm65Driver(_serial, new ScannerSettings(), log);
        }
        _runtime = new NodeRuntime(Controller, scanner, Indicator, log);
        if (bleReplayPath != null)
        {
            _ble = new ReplayBleScanner(bleReplayPath, TimeSpan.FromMilliseconds(200));
            _ble.AdvertisementReceived += Controller.OnAdvertisement;
        }
        _loop = new Thread(Run) { IsBackground = true, Name = "node " + config.NodeId };
    }

    public string NodeId => _config.NodeId;

    public NodeController Controller { get; }

    public OfflineQueue Queue { get; }

    public RecordingIndicator Indicator { get; }

    public ILog Log { get; }

    public void Start()
    {
        _loop.Start();
        _ble?.Start();
    }

    /// <summary>The main-loop step shared with the ESP32 (its <see cref="NodeRuntime.ScanEnqueued"/> sees every scan).</summary>
    public NodeRuntime Runtime => _runtime;

    /// <summary>Presents a QR code at the reader (as if the scanner had framed it); the sequence it got, 0 if none.</summary>
    public uint Scan(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return _runtime.Enqueue(bytes, 0, bytes.Length);
    }

    /// <summary>Drops the broker connection without a DISCONNECT (the broker publishes the last will).</summary>
    public Task CrashLinkAsync() => _mqtt.AbortAsync();

    /// <summary>The MQTT link (counters for tests and reports).</summary>
    public MqttNetLink Mqtt => _mqtt;

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _runtime.Step(_clock.UptimeMs);
                // The replay scanner has no radio to share, so BlePaused has nothing to pause here.
                if (_runtime.ShowNoLink != _showedNoLink)
                {
                    _showedNoLink = _runtime.ShowNoLink;
                    Log.Write(LogLevel.Warning, _showedNoLink ? "indicator: no-link pattern on" : "indicator: no-link pattern off");
                }
            }
            catch (Exception ex)
            {
                Log.Write(LogLevel.Error, "node loop: " + ex.Message);
            }
            _stop.Token.WaitHandle.WaitOne(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop.IsAlive) _loop.Join(TimeSpan.FromSeconds(5));
        _ble?.Dispose();
        _serial?.Dispose();
        await _mqtt.DisposeAsync();
    }
}
