namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>Health figures for the status report.</summary>
    public interface ISystemMonitor
    {
        uint FreeMemoryBytes { get; }

        /// <summary>dBm of the Wi-Fi link; 0 when unknown or not on Wi-Fi.</summary>
        int WifiRssi { get; }
    }
}
