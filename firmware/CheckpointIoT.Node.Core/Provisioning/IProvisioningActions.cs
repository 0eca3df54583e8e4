using CheckpointIoT.Node.Core.Config;

namespace CheckpointIoT.Node.Core.Provisioning
{
    /// <summary>What the Improv session needs from the device; implemented by the ESP32 app (EspProvisioningActions) and the host runtime (HostProvisioningActions).</summary>
    public interface IProvisioningActions
    {
        /// <summary>Joins the network once (blocking, bounded); true when an address was obtained.</summary>
        bool TryJoinWifi(string ssid, string password);

        /// <summary>Visible networks as (ssid, rssi, "YES"/"NO" secured) triples, flattened; empty when none or unsupported.</summary>
        string[] ScanNetworks();

        /// <summary>Writes node.cfg (and ca.pem when not null); false when the flash refused.</summary>
        bool Save(NodeConfig config, byte[] caPem);

        /// <summary>Deletes node.cfg, ca.pem and the offline queue.</summary>
        void FactoryReset();

        /// <summary>Bytes of the CA certificate already on flash (0 when none).</summary>
        int StoredCaBytes();

        /// <summary>Reboots after <paramref name="delayMs"/> (lets the last answer leave the UART).</summary>
        void Restart(int delayMs);
    }
}
