using System;

namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>
    /// Zone-byte protocol frames (GM65 / GM60 / GM805 / GM861 family):
    /// command <c>7E 00 type len addrH addrL data... crcH crcL</c>, CRC-16/CCITT over type..data,
    /// or <c>AB CD</c> for "do not check"; reply <c>02 00 00 len data crcH crcL</c>, CRC over the bytes after the first.
    /// </summary>
    public static class ZoneFrames
    {
        public const byte CommandHeader0 = 0x7E;
        public const byte CommandHeader1 = 0x00;
        public const byte TypeReadZone = 0x07;
        public const byte TypeWriteZone = 0x08;
        public const byte TypeSave = 0x09;
        public const byte TypeHeartbeat = 0x0A;
        public const byte NoCheckHigh = 0xAB;
        public const byte NoCheckLow = 0xCD;
        public const byte ReplyHeader = 0x02;

        /// <summary>Heartbeat replies start with 0x03 in some manuals; accepted too (verify on hardware).</summary>
        public const byte AltReplyHeader = 0x03;

        /// <summary>Longest reply: 3 header bytes, length, 255 data bytes, 2 CRC bytes.</summary>
        public const int MaxReplyBytes = 4 + 255 + 2;

        /// <summary>Read <paramref name="count"/> consecutive zones starting at <paramref name="address"/>.</summary>
        public static byte[] ReadZone(int address, int count, bool useCrc)
        {
            if (count < 1 || count > 255) throw new ArgumentOutOfRangeException("count");
            return Build(TypeReadZone, address, new byte[] { (byte)count }, 0, 1, useCrc);
        }

        public static byte[] WriteZone(int address, byte value, bool useCrc)
        {
            return Build(TypeWriteZone, address, new byte[] { value }, 0, 1, useCrc);
        }

        /// <summary>Write consecutive zones (e.g. the two baud-rate bytes, low byte first).</summary>
        public static byte[] WriteZone(int address, byte[] values, int offset, int count, bool useCrc)
        {
            if (values == null) throw new ArgumentNullException("values");
            if (count < 1 || count > 255 || offset < 0 || offset + count > values.Length) throw new ArgumentOutOfRangeException("count");
            return Build(TypeWriteZone, address, values, offset, count, useCrc);
        }

        /// <summary>Save all zones to the module's flash: <c>7E 00 09 01 00 00 00 DE C8</c>.</summary>
        public static byte[] SaveToFlash(bool useCrc)
        {
            return Build(TypeSave, 0x0000, new byte[] { 0x00 }, 0, 1, useCrc);
        }

        /// <summary>Heartbeat: <c>7E 00 0A 01 00 00 00 30 1A</c>.</summary>
        public static byte[] Heartbeat(bool useCrc)
        {
            return Build(TypeHeartbeat, 0x0000, new byte[] { 0x00 }, 0, 1, useCrc);
        }

        /// <summary>In command trigger mode, start one read: write 0x01 to zone 0x0002.</summary>
        public static byte[] TriggerOnce(bool useCrc)
        {
            return WriteZone(Gm65Zones.Trigger, 0x01, useCrc);
        }

        private static byte[] Build(byte type, int address, byte[] data, int offset, int count, bool useCrc)
        {
            if (address < 0 || address > 0xFFFF) throw new ArgumentOutOfRangeException("address");
            byte[] frame = new byte[6 + count + 2];
            frame[0] = CommandHeader0;
            frame[1] = CommandHeader1;
            frame[2] = type;
            frame[3] = (byte)count;
            frame[4] = (byte)(address >> 8);
            frame[5] = (byte)address;
            Array.Copy(data, offset, frame, 6, count);
            int end = 6 + count;
            if (useCrc)
            {
                int crc = Crc16Ccitt.Compute(frame, 2, end - 2);
                frame[end] = (byte)(crc >> 8);
                frame[end + 1] = (byte)crc;
            }
            else
            {
                frame[end] = NoCheckHigh;
                frame[end + 1] = NoCheckLow;
            }
            return frame;
        }

        public static bool IsReplyHeader(byte b)
        {
            return b == ReplyHeader || b == AltReplyHeader;
        }

        /// <summary>Checks whether <paramref name="count"/> bytes are a valid beginning of, or exactly, one reply. Never throws.</summary>
        public static ZoneReplyCheck CheckReply(byte[] buffer, int offset, int count)
        {
            if (count <= 0) return ZoneReplyCheck.NeedMore;
            if (!IsReplyHeader(buffer[offset])) return ZoneReplyCheck.Invalid;
            if (count >= 2 && buffer[offset + 1] != 0x00) return ZoneReplyCheck.Invalid;
            if (count >= 3 && buffer[offset + 2] != 0x00) return ZoneReplyCheck.Invalid;
            if (count < 4) return ZoneReplyCheck.NeedMore;
            int length = buffer[offset + 3];
            if (length == 0) return ZoneReplyCheck.Invalid;
            int total = 4 + length + 2;
            if (count < total) return ZoneReplyCheck.NeedMore;
            if (count > total) return ZoneReplyCheck.Invalid;
            int crc = Crc16Ccitt.Compute(buffer, offset + 1, 3 + length);
            if (buffer[offset + total - 2] != (byte)(crc >> 8) || buffer[offset + total - 1] != (byte)crc) return ZoneReplyCheck.Invalid;
            return ZoneReplyCheck.Complete;
        }

        /// <summary>The reply in exactly <paramref name="count"/> bytes, or null when they are not one valid reply.</summary>
        public static ZoneReply ParseReply(byte[] buffer, int offset, int count)
        {
            if (CheckReply(buffer, offset, count) != ZoneReplyCheck.Complete) return null;
            int length = buffer[offset + 3];
            byte[] data = new byte[length];
            Array.Copy(buffer, offset + 4, data, 0, length);
            return new ZoneReply(buffer[offset], data);
        }
    }
}
