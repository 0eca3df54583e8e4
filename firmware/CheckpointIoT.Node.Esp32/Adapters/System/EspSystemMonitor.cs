using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Esp32.Adapters.Wifi;
using nanoFramework.Hardware.Esp32;

namespace CheckpointIoT.Node.Esp32.Adapters.System
{
    /// <summary>
    /// ISystemMonitor: free managed heap (nanoFramework.Runtime.Native.GC.Run, which also collects) and
    /// the Wi-Fi RSSI seen at the last (re)connect. Also exposes the native heap of internal RAM, which
    /// Wi-Fi, BLE and TLS allocate from (a TLS handshake needs tens of KB of it).
    /// </summary>
    public sealed class EspSystemMonitor : ISystemMonitor
    {
        private readonly WifiConnector _wifi;

        public EspSystemMonitor(WifiConnector wifi)
        {
            _wifi = wifi;
        }

        /// <summary>Free managed heap in bytes. Runs a (non-compacting) garbage collection first.</summary>
        public uint FreeMemoryBytes
        {
            get { return nanoFramework.Runtime.Native.GC.Run(false); }
        }

        public int WifiRssi
        {
            get { return _wifi == null ? 0 : _wifi.LastRssi; }
        }

        /// <summary>Free native heap in internal RAM and its largest block (bytes).</summary>
        public static void NativeInternalHeap(out uint free, out uint largestBlock)
        {
            uint total;
            NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.Internal, out total, out free, out largestBlock);
        }
    }
}
