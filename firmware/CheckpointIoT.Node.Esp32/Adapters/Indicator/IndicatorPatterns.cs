using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Esp32.Adapters.Indicator
{
    /// <summary>
    /// What each NodeSignal looks and sounds like (table in firmware/README.md). Conventions: green = pass,
    /// red = fail, one beep = pass, three beeps = fail, one long beep = error; a short flash of BOTH LEDs
    /// before the verdict = "decided offline by the node, the gateway did not answer".
    /// </summary>
    public static class IndicatorPatterns
    {
        private const int G = IndicatorPattern.Green;
        private const int R = IndicatorPattern.Red;
        private const int B = IndicatorPattern.Buzzer;

        public static readonly IndicatorPattern Idle = new IndicatorPattern("idle", false, new int[] { 0, 0 });

        public static readonly IndicatorPattern Pass = new IndicatorPattern("pass", false, new int[]
        {
            G | B, 150, G, 1350
        });

        public static readonly IndicatorPattern Fail = new IndicatorPattern("fail", false, new int[]
        {
            R | B, 150, R, 100, R | B, 150, R, 100, R | B, 150, R, 1350
        });

        public static readonly IndicatorPattern Error = new IndicatorPattern("error", false, new int[]
        {
            R | B, 600, 0, 250, R, 250, 0, 250, R, 250
        });

        public static readonly IndicatorPattern OfflinePass = new IndicatorPattern("offline-pass", false, new int[]
        {
            G | R, 150, 0, 100, G | B, 150, G, 1100
        });

        public static readonly IndicatorPattern OfflineFail = new IndicatorPattern("offline-fail", false, new int[]
        {
            G | R, 150, 0, 100, R | B, 150, R, 100, R | B, 150, R, 100, R | B, 150, R, 1100
        });

        /// <summary>Waiting for the gateway's verdict: fast green blink, silent.</summary>
        public static readonly IndicatorPattern Busy = new IndicatorPattern("busy", true, new int[]
        {
            G, 100, 0, 100
        });

        /// <summary>Provisioning mode: green and red alternate every 0.5 s until configured.</summary>
        public static readonly IndicatorPattern Provisioning = new IndicatorPattern("provisioning", true, new int[]
        {
            G, 500, R, 500
        });

        /// <summary>Power-on self-test: both LEDs and a chirp, so a technician sees every output work.</summary>
        public static readonly IndicatorPattern Boot = new IndicatorPattern("boot", false, new int[]
        {
            G | R | B, 80, G | R, 420
        });

        /// <summary>No Wi-Fi or no broker for a while: a short red blink every 3 s while idle.</summary>
        public static readonly IndicatorPattern NoLink = new IndicatorPattern("no-link", true, new int[]
        {
            R, 60, 0, 2940
        });

        public static IndicatorPattern For(NodeSignal signal)
        {
            switch (signal)
            {
                case NodeSignal.Pass: return Pass;
                case NodeSignal.Fail: return Fail;
                case NodeSignal.Error: return Error;
                case NodeSignal.OfflinePass: return OfflinePass;
                case NodeSignal.OfflineFail: return OfflineFail;
                case NodeSignal.Busy: return Busy;
                case NodeSignal.Provisioning: return Provisioning;
                default: return Idle;
            }
        }
    }
}
