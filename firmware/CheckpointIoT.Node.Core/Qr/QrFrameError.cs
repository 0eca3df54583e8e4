namespace CheckpointIoT.Node.Core.Qr
{
    /// <summary>Why a <see cref="QrFrame"/> carries no usable scan.</summary>
    public enum QrFrameError
    {
        /// <summary>A complete scan.</summary>
        None = 0,

        /// <summary>The scan was longer than the framer's cap; its bytes were dropped (never truncated).</summary>
        Oversize = 1,

        /// <summary>A length-framed scan (<c>03 00 len data</c>) stopped before <c>len</c> bytes arrived.</summary>
        Truncated = 2
    }
}
