namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>Boot-configuration state of a scanner driver (diagram in README.md).</summary>
    public enum ScannerDriverState
    {
        /// <summary>Not started; the first Step begins probing.</summary>
        Idle = 0,

        /// <summary>Looking for the module: read zone 0x0000 at each candidate baud rate.</summary>
        Probing = 1,

        /// <summary>Reading the other zones the driver manages.</summary>
        Reading = 2,

        /// <summary>Writing only the zones that differ from the settings.</summary>
        Writing = 3,

        /// <summary>The baud-rate zone was written: the link reopens at the new speed and settles.</summary>
        SwitchingBaud = 4,

        /// <summary>Saving zones to the module's flash (only when something was written).</summary>
        Saving = 5,

        /// <summary>Configured: bytes go to the QR framer; heartbeats while idle.</summary>
        Ready = 6,

        /// <summary>Gave up (see Health); probing starts again after the retry delay.</summary>
        Failed = 7
    }
}
