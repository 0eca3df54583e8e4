using System.Threading;

namespace CheckpointIoT.Node.Esp32.Adapters.Wifi
{
    /// <summary>
    /// Keeps the Wi-Fi link up from a background thread: checks every 5 s and, while the station has no
    /// address, calls <see cref="WifiConnector.TryOnce"/> with exponential backoff (2 s doubling to 30 s).
    /// The native stack reconnects by itself after short drops; this covers AP reboots and long outages.
    /// The main loop never blocks on Wi-Fi, so scans keep working (offline) while it is down.
    /// </summary>
    public sealed class WifiKeeper
    {
        public const int CheckPeriodMs = 5000;

        private readonly WifiConnector _connector;
        private Thread _thread;
        private int _attempts;

        public WifiKeeper(WifiConnector connector)
        {
            _connector = connector;
        }

        /// <summary>Join attempts made by the keeper so far.</summary>
        public int Attempts { get { return _attempts; } }

        /// <summary>Starts the keeper thread; does nothing (false) when there is no SSID to join.</summary>
        public bool Start()
        {
            if (!_connector.HasSsid) return false;
            if (_thread != null) return true;
            _thread = new Thread(Keep);
            _thread.Start();
            return true;
        }

        private void Keep()
        {
            int backoffMs = 2000;
            while (true)
            {
                if (_connector.IsConnected)
                {
                    backoffMs = 2000;
                    Thread.Sleep(CheckPeriodMs);
                    continue;
                }
                _attempts++;
                if (_connector.TryOnce(_attempts))
                {
                    backoffMs = 2000;
                    continue;
                }
                Thread.Sleep(backoffMs);
                backoffMs = backoffMs * 2 > WifiConnector.MaxBackoffMs ? WifiConnector.MaxBackoffMs : backoffMs * 2;
            }
        }
    }
}
