namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>A module reply <c>HH 00 00 len data crcH crcL</c> (HH = 0x02, or 0x03 as some manuals show for the heartbeat).</summary>
    public sealed class ZoneReply
    {
        private readonly int _header;
        private readonly byte[] _data;

        public ZoneReply(int header, byte[] data)
        {
            _header = header;
            _data = data;
        }

        public int Header { get { return _header; } }

        /// <summary>Zone values for a read; a single 0x00 for a write/save/heartbeat acknowledgement.</summary>
        public byte[] Data { get { return _data; } }

        public int Length { get { return _data.Length; } }

        /// <summary>The success reply <c>02 00 00 01 00 33 31</c>.</summary>
        public bool IsAck { get { return _data.Length == 1 && _data[0] == 0x00; } }
    }
}
