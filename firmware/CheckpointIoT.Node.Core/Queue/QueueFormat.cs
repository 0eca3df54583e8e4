namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>
    /// On-storage record layout of the offline queue (all integers little-endian), see Queue/README.md:
    /// magic "CQ"(2) kind(1) version(1) sequence(4) payloadLength(2) crc32(4) payload(n).
    /// The CRC-32 covers bytes 0..9 of the header and the payload.
    /// </summary>
    public static class QueueFormat
    {
        public const int HeaderBytes = 14;
        public const byte Magic0 = 0x43; // 'C'
        public const byte Magic1 = 0x51; // 'Q'
        public const int Version = 1;
        public const int MaxPayloadBytes = 0xFFFF;

        // Kinds 1..3 are the data record classes (QueueRecordClass).
        /// <summary>Acknowledgement: the record with this sequence was delivered. No payload.</summary>
        public const int KindAck = 0x41;
        /// <summary>Overflow drop: the record with this sequence was given up. No payload.</summary>
        public const int KindDrop = 0x44;
        /// <summary>First record of every segment: sequence = the queue's last sequence; payload = segment id (4).</summary>
        public const int KindSegmentHeader = 0x48;

        public const int SegmentHeaderPayloadBytes = 4;

        /// <summary>Bytes a record with <paramref name="payloadLength"/> payload bytes occupies.</summary>
        public static int RecordBytes(int payloadLength)
        {
            return HeaderBytes + payloadLength;
        }

        /// <summary>Writes a complete record (header + CRC) into buffer at offset; the payload must already be at offset + HeaderBytes.</summary>
        public static void WriteHeader(byte[] buffer, int offset, int kind, uint sequence, int payloadLength)
        {
            buffer[offset] = Magic0;
            buffer[offset + 1] = Magic1;
            buffer[offset + 2] = (byte)kind;
            buffer[offset + 3] = (byte)Version;
            WriteUInt32(buffer, offset + 4, sequence);
            buffer[offset + 8] = (byte)payloadLength;
            buffer[offset + 9] = (byte)(payloadLength >> 8);
            uint crc = Crc32.Update(Crc32.Start, buffer, offset, 10);
            crc = Crc32.Finish(Crc32.Update(crc, buffer, offset + HeaderBytes, payloadLength));
            WriteUInt32(buffer, offset + 10, crc);
        }

        /// <summary>True for a known kind with a plausible length for that kind (the CRC is checked separately).</summary>
        public static bool IsPlausibleHeader(byte[] buffer, int offset, int maxPayloadBytes)
        {
            if (buffer[offset] != Magic0 || buffer[offset + 1] != Magic1 || buffer[offset + 3] != Version) return false;
            int kind = buffer[offset + 2];
            int length = PayloadLength(buffer, offset);
            if (QueueRecordClass.IsValid(kind)) return length <= maxPayloadBytes;
            if (kind == KindAck || kind == KindDrop) return length == 0;
            if (kind == KindSegmentHeader) return length == SegmentHeaderPayloadBytes;
            return false;
        }

        /// <summary>True when the stored CRC matches header bytes 0..9 and the payload that follows the header.</summary>
        public static bool IsCrcValid(byte[] buffer, int offset)
        {
            uint crc = Crc32.Update(Crc32.Start, buffer, offset, 10);
            crc = Crc32.Finish(Crc32.Update(crc, buffer, offset + HeaderBytes, PayloadLength(buffer, offset)));
            return crc == ReadUInt32(buffer, offset + 10);
        }

        public static int Kind(byte[] buffer, int offset)
        {
            return buffer[offset + 2];
        }

        public static uint Sequence(byte[] buffer, int offset)
        {
            return ReadUInt32(buffer, offset + 4);
        }

        public static int PayloadLength(byte[] buffer, int offset)
        {
            return buffer[offset + 8] | (buffer[offset + 9] << 8);
        }

        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));
        }
    }
}
