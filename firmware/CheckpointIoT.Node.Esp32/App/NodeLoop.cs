using System;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Runtime;
using CheckpointIoT.Node.Esp32.Adapters.Ble;
using CheckpointIoT.Node.Esp32.Adapters.Indicator;
using CheckpointIoT.Node.Esp32.Adapters.Serial;
using CheckpointIoT.Node.Esp32.Adapters.System;
using CheckpointIoT.Node.Esp32.Adapters.Time;

namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>
    /// The normal-mode main loop: a thin loop over the core's <see cref="NodeRuntime.Step"/> (the same step the
    /// simulator runs: scanner driver, scanner health, controller ticks, BLE pause, no-link decision), plus what is
    /// the ESP32's own: applying the BLE pause and the no-link pattern to its adapters, re-asking SNTP until the
    /// time is set, the memory watch and the supervisor beat. Wakes on scanner bytes or every <see cref="TickMs"/>.
    /// Nothing here blocks: Wi-Fi (WifiKeeper) and MQTT connects (M2MqttLink) run on their own threads.
    /// </summary>
    public sealed class NodeLoop
    {
        public const int TickMs = 20;
        public const long TimeResyncEveryMs = 60000;

        private readonly NodeRuntime _runtime;
        private readonly EspSerialLink _scannerLink;
        private readonly EspBleScanner _ble;
        private readonly GpioIndicator _indicator;
        private readonly SntpClock _clock;
        private readonly Supervisor _supervisor;
        private readonly MemoryWatch _memory;
        private readonly ILog _log;
        private long _nextTimeResyncMs;
        private int _loopErrors;

        public NodeLoop(NodeController controller, IScannerDriver scanner, EspSerialLink scannerLink, EspBleScanner ble,
            GpioIndicator indicator, SntpClock clock, Supervisor supervisor, MemoryWatch memory, ILog log)
        {
            _runtime = new NodeRuntime(controller, scanner, indicator, log);
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
                    _runtime.Step(now);
                    if (_ble != null) _ble.Paused = _runtime.BlePaused;
                    _indicator.SetBackground(_runtime.ShowNoLink ? IndicatorPatterns.NoLink : null);
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
    }
}
