using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>What the scanner module should be set to, and how patiently. Check with <see cref="Validate"/>.</summary>
    public sealed class ScannerSettings
    {
        public ScannerSettings()
        {
            BaudRate = 115200;
            TriggerMode = ScannerTriggerMode.Continuous;
            Terminator = ScannerTerminator.CrLf;
            EncodingCode = Gm65Zones.EncodingUnicode;
            UseCrc = true;
            ReplyTimeoutMs = 300;
            MaxAttempts = 3;
            BaudSwitchSettleMs = 50;
            HeartbeatIntervalMs = 30000;
            MaxMissedHeartbeats = 3;
            FailedRetryDelayMs = 60000;
            MaxScanBytes = QrPayload.MaxScanBytes;
            IdleGapMs = 30;
        }

        /// <summary>Scanner.BaudRate: UART speed to run at (the module is moved there at boot).</summary>
        public int BaudRate { get; set; }

        /// <summary>Scanner.TriggerMode.</summary>
        public ScannerTriggerMode TriggerMode { get; set; }

        /// <summary>Scanner.Terminator: CR, CRLF or None (idle-gap framing); TAB is not framed.</summary>
        public ScannerTerminator Terminator { get; set; }

        /// <summary>Scanner.EncodingCode: value for zone 0x000D bits 3..2 (GM65 manual: 1 = "UNICODE", the UTF-8 candidate; verify on hardware), or -1 to leave the module's setting alone.</summary>
        public int EncodingCode { get; set; }

        /// <summary>Scanner.UseCrc: send real CRCs (true) or AB CD "no check" (false).</summary>
        public bool UseCrc { get; set; }

        /// <summary>Scanner.ReplyTimeoutMs: wait for each reply.</summary>
        public int ReplyTimeoutMs { get; set; }

        /// <summary>Scanner.MaxAttempts: sends per command (and per baud rate while probing).</summary>
        public int MaxAttempts { get; set; }

        /// <summary>Scanner.BaudSwitchSettleMs: pause after reopening the link at a new speed.</summary>
        public int BaudSwitchSettleMs { get; set; }

        /// <summary>Scanner.HeartbeatIntervalMs: heartbeat while idle and ready; 0 disables.</summary>
        public int HeartbeatIntervalMs { get; set; }

        /// <summary>Scanner.MaxMissedHeartbeats: missed in a row before Health = NotResponding.</summary>
        public int MaxMissedHeartbeats { get; set; }

        /// <summary>Scanner.FailedRetryDelayMs: wait in Failed before probing again; 0 = never.</summary>
        public int FailedRetryDelayMs { get; set; }

        /// <summary>Scanner.MaxScanBytes: framer cap.</summary>
        public int MaxScanBytes { get; set; }

        /// <summary>Scanner.IdleGapMs: framer idle gap.</summary>
        public int IdleGapMs { get; set; }

        /// <summary>Null when usable, else an error naming the key.</summary>
        public string Validate()
        {
            if (!Gm65Zones.IsSupportedBaud(BaudRate))
                return "Scanner.BaudRate: " + BaudRate.ToString() + " is not a module speed (1200, 4800, 9600, 14400, 19200, 38400, 57600, 115200)";
            if ((int)TriggerMode < 0 || (int)TriggerMode > 3) return "Scanner.TriggerMode: unknown mode";
            if (Terminator == ScannerTerminator.Tab) return "Scanner.Terminator: Tab is not framed by the QR framer (use CrLf, Cr or None)";
            if ((int)Terminator < 0 || (int)Terminator > 3) return "Scanner.Terminator: unknown terminator";
            if (EncodingCode < -1 || EncodingCode > 3) return "Scanner.EncodingCode: must be -1 (leave) or 0..3";
            if (ReplyTimeoutMs < 10 || ReplyTimeoutMs > 10000) return "Scanner.ReplyTimeoutMs: must be 10..10000";
            if (MaxAttempts < 1 || MaxAttempts > 20) return "Scanner.MaxAttempts: must be 1..20";
            if (BaudSwitchSettleMs < 0 || BaudSwitchSettleMs > 5000) return "Scanner.BaudSwitchSettleMs: must be 0..5000";
            if (HeartbeatIntervalMs < 0) return "Scanner.HeartbeatIntervalMs: must be >= 0";
            if (HeartbeatIntervalMs > 0 && HeartbeatIntervalMs <= ReplyTimeoutMs) return "Scanner.HeartbeatIntervalMs: must be longer than ReplyTimeoutMs";
            if (MaxMissedHeartbeats < 1) return "Scanner.MaxMissedHeartbeats: must be >= 1";
            if (FailedRetryDelayMs < 0) return "Scanner.FailedRetryDelayMs: must be >= 0";
            if (MaxScanBytes < 16 || MaxScanBytes > QrPayload.MaxScanBytes) return "Scanner.MaxScanBytes: must be 16.." + QrPayload.MaxScanBytes.ToString();
            if (IdleGapMs < 1 || IdleGapMs > 1000) return "Scanner.IdleGapMs: must be 1..1000";
            return null;
        }
    }
}
