namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>CRC-16/CCITT as the zone-byte protocol uses it: polynomial 0x1021, initial value 0, MSB first, no final XOR (a.k.a. CRC-16/XMODEM).</summary>
    public static class Crc16Ccitt
    {
        public static int Compute(byte[] data, int offset, int count)
        {
            int crc = 0;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i] << 8;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) : (crc << 1);
                    crc &= 0xFFFF;
                }
            }
            return crc;
        }
    }
}
