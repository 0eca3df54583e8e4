using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>Free memory as the .NET GC sees it (clamped to 32 bits); a host has no Wi-Fi RSSI.</summary>
public sealed class HostSystemMonitor : ISystemMonitor
{
    public uint FreeMemoryBytes
    {
        get
        {
            var info = GC.GetGCMemoryInfo();
            long free = info.TotalAvailableMemoryBytes - info.HeapSizeBytes;
            return (uint)Math.Clamp(free, 0, uint.MaxValue);
        }
    }

    public int WifiRssi => 0;
}
