namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>A pending record read back for replay; reused between reads (Frame grows when needed).</summary>
    public sealed class QueuedRecord
    {
        public uint Sequence;
        public int RecordClass;
        /// <summary>The frame bytes in Frame[0..FrameLength).</summary>
        public byte[] Frame = new byte[0];
        public int FrameLength;

        /// <summary>A copy of exactly the frame bytes.</summary>
        public byte[] CopyFrame()
        {
            byte[] copy = new byte[FrameLength];
            if (FrameLength > 0) System.Array.Copy(Frame, 0, copy, 0, FrameLength);
            return copy;
        }
    }
}
