using System.Text;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Host.Adapters;
using CheckpointIoT.Node.Host.Storage;

namespace CheckpointIoT.Node.Host.Simulation;

/// <summary>
/// One node on the host: the portable core's controller wired to an MQTTnet link, a file-backed offline
/// queue, a recording indicator and optional serial (QR scanner on a tty or pty) and BLE replay inputs.
/// A serial device that goes away is logged once and the node runs on without its scanner.
/// A background thread ticks the controller every 10 ms, as the ESP32's main loop does.
/// </summary>
public sealed class SimulatedNode : IAsyncDisposable
{
    public const string FirmwareVersion = "sim-1.0.0";

    private readonly NodeConfig _config;
    private readonly MqttNetLink _mqtt;
    private SerialPortLink? _serial;
    private readonly ReplayBleScanner? _ble;
    private readonly QrFramer _framer = new(QrPayload.MaxScanBytes, 30);
    private readonly SystemClock _clock = new();
    private readonly byte[] _serialBuffer = new byte[512];
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
        if (serialPath != null) _serial = new SerialPortLink(serialPath);
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

    /// <summary>Presents a QR code at the reader (as if the scanner had framed it).</summary>
    public uint Scan(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return Controller.OnScan(bytes, 0, bytes.Length);
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
                if (_serial != null && !ReadScanner(_serial))
                {
                    _serial.Dispose();
                    _serial = null;
                }
                Controller.Tick();
            }
            catch (Exception ex)
            {
                Log.Write(LogLevel.Error, "node loop: " + ex.Message);
            }
            _stop.Token.WaitHandle.WaitOne(10);
        }
    }

    /// <summary>Frames what the scanner sent; false (logged once) when its serial device went away.</summary>
    private bool ReadScanner(SerialPortLink serial)
    {
        try
        {
            int n;
            while ((n = serial.Read(_serialBuffer, 0, _serialBuffer.Length)) > 0)
            {
                _framer.Feed(_serialBuffer, 0, n, _clock.UptimeMs);
            }
        }
        catch (IOException ex)
        {
            Log.Write(LogLevel.Error, "scanner: " + ex.Message + "; running on without the scanner");
            Controller.ScannerHealth = ScannerHealth.NotResponding;
            return false;
        }
        _framer.Poll(_clock.UptimeMs);
        QrFrame? frame;
        while ((frame = _framer.Dequeue()) != null)
        {
            if (frame.Error != QrFrameError.None)
            {
                Log.Write(LogLevel.Warning, "scanner frame rejected: " + frame.Error);
                Indicator.Show(NodeSignal.Error);
                continue;
            }
            Controller.OnScan(frame.Data, 0, frame.Length);
        }
        return true;
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
