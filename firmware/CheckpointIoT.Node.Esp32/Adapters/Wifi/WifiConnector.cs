using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using CheckpointIoT.Node.Core.Seams;
using nanoFramework.Networking;

namespace CheckpointIoT.Node.Esp32.Adapters.Wifi
{
    /// <summary>
    /// Joins the site Wi-Fi with WifiNetworkHelper (DHCP, automatic reconnection by the native stack) and
    /// retries with exponential backoff (2 s, 4 s ... 30 s) because a single join can fail while the AP
    /// boots or the 2.4 GHz band is busy. Records the RSSI of the configured SSID from the join scan.
    /// Each attempt is bounded by <see cref="AttemptTimeoutMs"/>. <see cref="Connect"/> retries on the
    /// caller's thread (provisioning); <see cref="WifiKeeper"/> keeps the link up from its own thread so
    /// the door's main loop never waits for Wi-Fi.
    /// </summary>
    public sealed class WifiConnector
    {
        public const int AttemptTimeoutMs = 20000;
        public const int MaxBackoffMs = 30000;

        private readonly string _ssid;
        private readonly string _password;
        private readonly ILog _log;
        private int _lastRssi;
        private int _failures;

        public WifiConnector(string ssid, string password, ILog log)
        {
            _ssid = ssid;
            _password = password == null ? string.Empty : password;
            _log = log;
        }

        /// <summary>False when node.cfg has no wifi_ssid (nothing to join).</summary>
        public bool HasSsid { get { return _ssid != null && _ssid.Length > 0; } }

        /// <summary>dBm of the configured SSID at the last join scan; 0 when unknown.</summary>
        public int LastRssi { get { return _lastRssi; } }

        /// <summary>Consecutive failed attempts (0 after a success).</summary>
        public int Failures { get { return _failures; } }

        /// <summary>True when the station has an IPv4 address.</summary>
        public bool IsConnected
        {
            get
            {
                NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
                for (int i = 0; i < interfaces.Length; i++)
                {
                    if (interfaces[i].NetworkInterfaceType != NetworkInterfaceType.Wireless80211) continue;
                    string ip = interfaces[i].IPv4Address;
                    if (ip != null && ip.Length > 0 && ip != "0.0.0.0") return true;
                }
                return false;
            }
        }

        /// <summary>
        /// Tries to join up to <paramref name="attempts"/> times with backoff in between; calls
        /// <paramref name="heartbeat"/> (may be null) before each attempt and during waits.
        /// </summary>
        public bool Connect(int attempts, ThreadStart heartbeat)
        {
            if (!HasSsid)
            {
                _log.Write(LogLevel.Error, "wifi_ssid is empty: cannot join Wi-Fi");
                return false;
            }
            int backoffMs = 2000;
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                if (heartbeat != null) heartbeat();
                if (TryOnce(attempt)) return true;
                if (attempt == attempts) break;
                int waited = 0;
                while (waited < backoffMs)
                {
                    Thread.Sleep(1000);
                    waited += 1000;
                    if (heartbeat != null) heartbeat();
                }
                backoffMs = backoffMs * 2 > MaxBackoffMs ? MaxBackoffMs : backoffMs * 2;
            }
            return false;
        }

        /// <summary>One join attempt (scan, associate, DHCP), bounded by <see cref="AttemptTimeoutMs"/>.</summary>
        public bool TryOnce(int attempt)
        {
            bool ok = false;
            CancellationTokenSource cts = new CancellationTokenSource(AttemptTimeoutMs);
            try
            {
                // A scan first: finds the AP after a channel change and gives us its RSSI.
                ok = WifiNetworkHelper.ScanAndConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, false, 0, cts.Token);
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "wifi attempt " + attempt + " threw: " + ex.Message);
            }
            finally
            {
                cts.Dispose();
            }
            if (ok)
            {
                _failures = 0;
                ReadRssi();
                _log.Write(LogLevel.Info, "wifi joined (attempt " + attempt + ", rssi " + _lastRssi + " dBm)");
                return true;
            }
            _failures++;
            Exception helperError = WifiNetworkHelper.HelperException;
            _log.Write(LogLevel.Warning, "wifi attempt " + attempt + " failed: " + WifiNetworkHelper.Status.ToString()
                + (helperError != null ? " (" + helperError.Message + ")" : string.Empty));
            return false;
        }

        private void ReadRssi()
        {
            try
            {
                WifiAdapter adapter = WifiNetworkHelper.WifiAdapter;
                if (adapter == null) return;
                WifiAvailableNetwork[] networks = adapter.NetworkReport.AvailableNetworks;
                for (int i = 0; i < networks.Length; i++)
                {
                    if (networks[i].Ssid == _ssid)
                    {
                        _lastRssi = (int)networks[i].NetworkRssiInDecibelMilliwatts;
                        return;
                    }
                }
            }
            catch (Exception)
            {
                // The report is optional; RSSI stays at its last value.
            }
        }
    }
}
