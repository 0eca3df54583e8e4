using System;
using CheckpointIoT.Node.Core.Seams;
using nanoFramework.Networking;

namespace CheckpointIoT.Node.Esp32.Adapters.Time
{
    /// <summary>
    /// IClock on the ESP32: wall time from the RTC kept by the SNTP client (nanoFramework.Networking.Sntp),
    /// uptime from Environment.TickCount64 (monotonic, survives SNTP steps). Before the first sync the RTC
    /// counts from 1970 at boot, so records made then carry a boot-relative time and IsTimeValid is false.
    /// </summary>
    public sealed class SntpClock : IClock
    {
        /// <summary>Any time before this is "not set yet" (the firmware cannot have been built earlier).</summary>
        private static readonly long MinValidTicks = new DateTime(2025, 1, 1, 0, 0, 0).Ticks;
        private static readonly long EpochTicks = new DateTime(1970, 1, 1, 0, 0, 0).Ticks;

        private bool _valid;

        /// <summary>
        /// Starts the SNTP client. Server 1 should be the gateway (sites often have no internet; the gateway
        /// runs an NTP server), server 2 a public pool for sites that do.
        /// </summary>
        public void Start(string server1, string server2)
        {
            if (server1 != null && server1.Length > 0) Sntp.Server1 = server1;
            if (server2 != null && server2.Length > 0) Sntp.Server2 = server2;
            if (!Sntp.IsStarted) Sntp.Start();
            Sntp.UpdateNow();
        }

        /// <summary>Asks for a sync now (e.g. after Wi-Fi came back).</summary>
        public void Resync()
        {
            if (Sntp.IsStarted) Sntp.UpdateNow();
        }

        public long UtcNowMs
        {
            get { return (DateTime.UtcNow.Ticks - EpochTicks) / TimeSpan.TicksPerMillisecond; }
        }

        public long UptimeMs
        {
            get { return Environment.TickCount64; }
        }

        public bool IsTimeValid
        {
            get
            {
                if (!_valid && DateTime.UtcNow.Ticks >= MinValidTicks) _valid = true;
                return _valid;
            }
        }
    }
}
