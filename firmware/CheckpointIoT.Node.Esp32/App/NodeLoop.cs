using System;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Esp32.Adapters.Ble;
using CheckpointIoT.Node.Esp32.Adapters.Indicator;
using CheckpointIoT.Node.Esp32.Adapters.Serial;
using CheckpointIoT.Node.Esp32.Adapters.System;
using CheckpointIoT.Node.Esp32.Adapters.Time;

namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>
    /// The normal-mode main loop (the ESP32 twin of the simulator's loop): steps the scanner driver and
    /// hands framed scans to the controller, ticks the controller, pauses BLE while a verdict is awaited,
    /// shows "no link" while the broker is unreachable, re-asks SNTP until the time is set, runs the memory
    /// watch and beats the supervisor. Wakes on scanner bytes or every <see cref="TickMs"/>. Nothing here
    /// blocks: Wi-Fi (WifiKeeper) and MQTT connects (M2MqttLink) run on their own threads.
    /// </summary>
    public sealed class NodeLoop
    {
        public const int TickMs = 20;
        public const long NoLinkIndicatorAfterMs = 10000;
        public const long TimeResyncEveryMs = 60000;

        private readonly NodeController _controller;
        private readonly IScannerDriver _scanner;
        private readonly EspSerialLink _scannerLink;
        private readonly EspBleScanner _ble;
        private readonly GpioIndicator _indicator;
        private readonly SntpClock _clock;
        private readonly Supervisor _supervisor;
        private readonly MemoryWatch _memory;
        private readonly ILog _log;
        private long _linkDownSinceMs = -1;
        private long _nextTimeResyncMs;
        private ScannerHealth _lastScannerHealth = ScannerHealth.Unknown;
        private int _loopErrors;

        public NodeLoop(NodeController controller, IScannerDriver scanner, EspSerialLink scannerLink, EspBleScanner ble,
            GpioIndicator indicator, SntpClock clock, Supervisor supervisor, MemoryWatch memory, ILog log)
        {
            _controller = controller;
            _scanner = scanner;
            _scannerLink = scannerLink;
            _ble = ble;
            _indicator = indicator;
            _clock = clock;
            _supervisor = supervisor;
            _memory = memory;
            _log = log;
        }

        public void Run()
        {
            while (true)
            {
                _supervisor.Beat("loop");
                try
                {
                    long now = _clock.UptimeMs;
                    StepScanner(now);
                    _controller.Tick();
                    if (_ble != null) _ble.Paused = _controller.Door == DoorState.AwaitingVerdict;
                    WatchLink(now);
                    _memory.Check(now);
                    if (!_clock.IsTimeValid && now >= _nextTimeResyncMs)
                    {
                        _nextTimeResyncMs = now + TimeResyncEveryMs;
                        _clock.Resync();
                    }
                }
                catch (Exception ex)
                {
                    if (_loopErrors++ % 50 == 0) _log.Write(LogLevel.Error, "node loop: " + ex.Message);
                }
                if (_scannerLink != null) _scannerLink.DataAvailable.WaitOne(TickMs, false);
                else global::System.Threading.Thread.Sleep(TickMs);
            }
        }

        private void StepScanner(long now)
        {
            if (_scanner == null) return;
            _scanner.Step(now);
            QrFramer framer = _scanner.Framer;
            QrFrame frame;
            while ((frame = framer.Dequeue()) != null)
            {
                if (!frame.IsOk)
                {
                    _log.Write(LogLevel.Warning, "scanner frame rejected: " + frame.Error.ToString() + " (" + frame.Length + " B)");
                    _indicator.Show(NodeSignal.Error);
                    continue;
                }
                _controller.OnScan(frame.Data, 0, frame.Length);
            }
            ScannerHealth health = _scanner.Health;
            if (health != _lastScannerHealth)
            {
                _lastScannerHealth = health;
                _controller.ScannerHealth = health;
                _log.Write(health == ScannerHealth.Ok ? LogLevel.Info : LogLevel.Warning, "scanner health: " + health.ToString());
            }
        }

        private void WatchLink(long now)
        {
            bool online = _controller.Link == LinkState.Online;
            if (online) _linkDownSinceMs = -1;
            else if (_linkDownSinceMs < 0) _linkDownSinceMs = now;
            bool showNoLink = !online && now - _linkDownSinceMs >= NoLinkIndicatorAfterMs;
            _indicator.SetBackground(showNoLink ? IndicatorPatterns.NoLink : null);
        }
    }
}
