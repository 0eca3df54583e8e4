using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Esp32.Adapters.System
{
    /// <summary>
    /// Keeps the managed heap from running out (a BLE table that only grows exhausts a node without PSRAM
    /// in about 30 minutes). Every <see cref="PeriodMs"/> it collects garbage and reads the free heap; below
    /// <see cref="LowBytes"/> it sheds half of the presence table, below <see cref="CriticalBytes"/> all of it.
    /// It also warns when the native internal heap (Wi-Fi, BLE, TLS buffers) gets short.
    /// </summary>
    public sealed class MemoryWatch
    {
        public const int PeriodMs = 10000;
        public const uint LowBytes = 32 * 1024;
        public const uint CriticalBytes = 16 * 1024;
        public const uint NativeLowBytes = 24 * 1024;

        private readonly PresenceTable _presence;
        private readonly ILog _log;
        private long _nextCheckMs;
        private uint _lastFree;
        private int _sheds;

        public MemoryWatch(PresenceTable presence, ILog log)
        {
            _presence = presence;
            _log = log;
        }

        /// <summary>Free managed heap at the last check (bytes).</summary>
        public uint LastFree { get { return _lastFree; } }

        /// <summary>How many times presence data was shed.</summary>
        public int Sheds { get { return _sheds; } }

        /// <summary>Call from the main loop; does work only once per period.</summary>
        public void Check(long uptimeMs)
        {
            if (uptimeMs < _nextCheckMs) return;
            _nextCheckMs = uptimeMs + PeriodMs;
            uint free = nanoFramework.Runtime.Native.GC.Run(false);
            _lastFree = free;
            if (_presence != null && free < LowBytes && _presence.Count > 0)
            {
                int keep = free < CriticalBytes ? 0 : _presence.Count / 2;
                _presence.Shed(keep);
                _sheds++;
                _log.Write(free < CriticalBytes ? LogLevel.Error : LogLevel.Warning,
                    "heap low (" + free + " B free): presence table shed to " + keep + " entries");
                _lastFree = nanoFramework.Runtime.Native.GC.Run(true);
            }
            uint nativeFree;
            uint nativeLargest;
            EspSystemMonitor.NativeInternalHeap(out nativeFree, out nativeLargest);
            if (nativeLargest < NativeLowBytes)
            {
                _log.Write(LogLevel.Warning, "native heap low: " + nativeFree + " B free, largest block " + nativeLargest + " B");
            }
        }
    }
}
