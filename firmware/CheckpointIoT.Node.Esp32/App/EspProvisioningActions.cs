using System;
using System.Device.Wifi;
using System.IO;
using System.Text;
using System.Threading;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Esp32.Adapters.Storage;
using CheckpointIoT.Node.Esp32.Adapters.Wifi;
using nanoFramework.Runtime.Native;

namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>IProvisioningActions on the ESP32: Wi-Fi join/scan, the config files on I:, reboot.</summary>
    public sealed class EspProvisioningActions : IProvisioningActions
    {
        public const int ScanTimeoutMs = 8000;

        private readonly FlashConfigStore _store;
        private readonly ILog _log;
        private readonly AutoResetEvent _scanDone = new AutoResetEvent(false);

        public EspProvisioningActions(FlashConfigStore store, ILog log)
        {
            _store = store;
            _log = log;
        }

        public bool TryJoinWifi(string ssid, string password)
        {
            return new WifiConnector(ssid, password, _log).TryOnce(1);
        }

        public string[] ScanNetworks()
        {
            try
            {
                WifiAdapter adapter = WifiAdapter.FindAllAdapters()[0];
                adapter.AvailableNetworksChanged += OnScanDone;
                adapter.ScanAsync();
                bool done = _scanDone.WaitOne(ScanTimeoutMs, false);
                adapter.AvailableNetworksChanged -= OnScanDone;
                if (!done) return new string[0];
                WifiAvailableNetwork[] networks = adapter.NetworkReport.AvailableNetworks;
                string[] triples = new string[networks.Length * 3];
                for (int i = 0; i < networks.Length; i++)
                {
                    triples[i * 3] = networks[i].Ssid;
                    triples[i * 3 + 1] = ((int)networks[i].NetworkRssiInDecibelMilliwatts).ToString();
                    triples[i * 3 + 2] = "YES"; // the nanoFramework report has no security field
                }
                return triples;
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "wifi scan failed: " + ex.Message);
                return new string[0];
            }
        }

        public bool Save(NodeConfig config, byte[] caPem)
        {
            if (caPem != null && !_store.WriteText(FlashConfigStore.CaCertPath, Encoding.UTF8.GetString(caPem, 0, caPem.Length))) return false;
            bool ok = _store.WriteText(FlashConfigStore.NodeConfigPath, config.ToText());
            _log.Write(ok ? LogLevel.Info : LogLevel.Error, ok ? "node.cfg saved: " + config.NodeId : "node.cfg could not be written");
            return ok;
        }

        public void FactoryReset()
        {
            _store.Delete(FlashConfigStore.NodeConfigPath);
            _store.Delete(FlashConfigStore.CaCertPath);
            try
            {
                if (Directory.Exists(FlashQueueStorage.DefaultDirectory)) Directory.Delete(FlashQueueStorage.DefaultDirectory, true);
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "queue not erased: " + ex.Message);
            }
            _log.Write(LogLevel.Warning, "factory reset: node.cfg, ca.pem and the offline queue erased");
        }

        public int StoredCaBytes()
        {
            string pem = _store.ReadText(FlashConfigStore.CaCertPath);
            return pem == null ? 0 : pem.Length;
        }

        public void Restart(int delayMs)
        {
            _log.Write(LogLevel.Info, "restarting in " + delayMs + " ms");
            Thread.Sleep(delayMs);
            Power.RebootDevice();
        }

        private void OnScanDone(WifiAdapter sender, object e)
        {
            _scanDone.Set();
        }
    }
}
