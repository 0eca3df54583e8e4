namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zip/PNG) with a 16-entry nibble table.</summary>
    public static class Crc32
    {
        private static readonly uint[] Nibbles = new uint[]
        {
            0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4, 0x4DB26158, 0x5005713C,
            0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C, 0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C
        };

        /// <summary>CRC of data[offset..offset+count).</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Start, data, offset, count));
        }

        /// <summary>Initial running value for <see cref="Update"/>.</summary>
        public const uint Start = 0xFFFFFFFF;

        /// <summary>Feeds more bytes into a running value (begin with <see cref="Start"/>, end with <see cref="Finish"/>).</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                crc = (crc >> 4) ^ Nibbles[crc & 0x0F];
                crc = (crc >> 4) ^ Nibbles[crc & 0x0F];
            }
            return crc;
        }

        public static uint Finish(uint crc)
        {
            return crc ^ 0xFFFFFFFF;
        }
    }
}
