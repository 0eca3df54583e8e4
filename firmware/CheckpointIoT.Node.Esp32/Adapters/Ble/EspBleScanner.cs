using System;
using System.Collections;
using System.Threading;
using CheckpointIoT.Node.Core.Seams;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.Advertisement;

namespace CheckpointIoT.Node.Esp32.Adapters.Ble
{
    /// <summary>
    /// IBleScanner over nanoFramework's BluetoothLEAdvertisementWatcher, passive mode.
    ///
    /// Duty cycle: the managed watcher exposes no scan interval/window (only ScanningMode, filters and
    /// Start/Stop); the native side asks NimBLE for its defaults, a 30 ms window every 30 ms, i.e. 100 %
    /// radio time, which starves Wi-Fi. So a thread runs the watcher in windows of
    /// <see cref="WindowMs"/> every <see cref="IntervalMs"/> (default 240 ms of 480 ms: interval under
    /// 500 ms, window half of it). Each Start also clears the watcher's per-address table (it is never purged
    /// otherwise) and re-arms the controller's duplicate filter, so a phone is reported again each window.
    /// <see cref="Paused"/> stops scanning while the node waits for a verdict.
    ///
    /// Each report is re-serialised to raw AD structures (length, type, data) into a reused buffer; the
    /// handler must copy what it keeps (the core's presence table does). Reports arrive on the Bluetooth
    /// event thread.
    /// </summary>
    public sealed class EspBleScanner : IBleScanner
    {
        public const int DefaultIntervalMs = 480;
        public const int DefaultWindowMs = 240;
        private const int MaxAdvertisementBytes = 62; // advertising data + scan response, 31 bytes each

        private readonly object _sync = new object();
        private readonly byte[] _address = new byte[6];
        private readonly byte[] _data = new byte[MaxAdvertisementBytes];
        private readonly ILog _log;
        private BluetoothLEAdvertisementWatcher _watcher;
        private Thread _thread;
        private bool _running;
        private int _reports;
        private int _errors;

        public EspBleScanner(ILog log, int intervalMs, int windowMs)
        {
            _log = log;
            IntervalMs = intervalMs < 100 ? DefaultIntervalMs : intervalMs;
            WindowMs = windowMs <= 0 || windowMs > IntervalMs ? IntervalMs / 2 : windowMs;
        }

        public event AdvertisementHandler AdvertisementReceived;

        public int IntervalMs { get; private set; }

        public int WindowMs { get; private set; }

        /// <summary>While true no scan window opens (set during a QR verdict exchange).</summary>
        public bool Paused { get; set; }

        /// <summary>Advertisements delivered so far.</summary>
        public int Reports { get { return _reports; } }

        public void Start()
        {
            lock (_sync)
            {
                if (_running) return;
                _watcher = new BluetoothLEAdvertisementWatcher();
                _watcher.ScanningMode = BluetoothLEScanningMode.Passive;
                _watcher.Received += OnReceived;
                _running = true;
                _thread = new Thread(DutyCycle);
                _thread.Start();
            }
        }

        public void Stop()
        {
            lock (_sync)
            {
                _running = false;
            }
        }

        private void DutyCycle()
        {
            while (true)
            {
                BluetoothLEAdvertisementWatcher watcher;
                lock (_sync)
                {
                    if (!_running) break;
                    watcher = _watcher;
                }
                bool scanned = false;
                if (!Paused)
                {
                    try
                    {
                        watcher.Start();
                        scanned = true;
                        Thread.Sleep(WindowMs);
                        watcher.Stop();
                    }
                    catch (Exception ex)
                    {
                        if (_errors++ % 100 == 0) _log.Write(LogLevel.Warning, "ble scan window failed: " + ex.Message);
                    }
                }
                Thread.Sleep(scanned ? IntervalMs - WindowMs : IntervalMs);
            }
            try { _watcher.Stop(); } catch (Exception) { }
        }

        private void OnReceived(BluetoothLEAdvertisementWatcher sender, BluetoothLEAdvertisementReceivedEventArgs args)
        {
            AdvertisementHandler handler = AdvertisementReceived;
            if (handler == null) return;
            ulong address = args.BluetoothAddress;
            for (int i = 5; i >= 0; i--)
            {
                _address[i] = (byte)(address & 0xFF);
                address >>= 8;
            }
            int count = Serialize(args.Advertisement.DataSections, _data);
            _reports++;
            handler(_address, args.RawSignalStrengthInDBm, _data, 0, count);
        }

        /// <summary>Writes each section as [length = 1 + data][type][data]; stops at the buffer's end.</summary>
        private static int Serialize(ArrayList sections, byte[] into)
        {
            int position = 0;
            for (int i = 0; i < sections.Count; i++)
            {
                BluetoothLEAdvertisementDataSection section = (BluetoothLEAdvertisementDataSection)sections[i];
                nanoFramework.Device.Bluetooth.Buffer data = section.Data;
                int length = data == null ? 0 : (int)data.Length;
                if (position + 2 + length > into.Length) break;
                into[position] = (byte)(length + 1);
                into[position + 1] = section.DataType;
                if (length > 0)
                {
                    byte[] bytes = new byte[length];
                    DataReader.FromBuffer(data).ReadBytes(bytes);
                    Array.Copy(bytes, 0, into, position + 2, length);
                }
                position += 2 + length;
            }
            return position;
        }
    }
}
