using System;
using CheckpointIoT.Node.Core.Ble;

namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>
    /// Payload of a presence-batch check-in: varint count, then per record
    /// type(1) idLength(1) id(n) firstSeenAgo(varint, 100 ms units before the frame timestamp)
    /// duration(varint, 100 ms units) maxRssi(1, signed) meanRssi(1, signed) count(varint) flags(1).
    /// </summary>
    public static class PresencePayload
    {
        public const int MaxRecords = 100;
        public const int MaxRecordBytes = 1 + 1 + PresenceRecord.MaxIdBytes + 5 + 5 + 1 + 1 + 5 + 1;

        public static byte[] Encode(PresenceRecord[] records, int count, long frameTimestampMs)
        {
            if (count < 0 || count > MaxRecords) throw new ArgumentOutOfRangeException("count");
            byte[] scratch = new byte[5 + count * MaxRecordBytes];
            WireWriter writer = new WireWriter(scratch, 0);
            writer.WriteVarUInt((uint)count);
            for (int i = 0; i < count; i++)
            {
                WriteRecord(writer, records[i], frameTimestampMs);
            }
            byte[] payload = new byte[writer.Position];
            Array.Copy(scratch, payload, writer.Position);
            return payload;
        }

        /// <summary>Bytes one record takes on the wire.</summary>
        public static int MeasureRecord(PresenceRecord record, long frameTimestampMs)
        {
            byte[] scratch = new byte[MaxRecordBytes];
            WireWriter writer = new WireWriter(scratch, 0);
            WriteRecord(writer, record, frameTimestampMs);
            return writer.Position;
        }

        /// <summary>Decodes; returns null and sets <paramref name="error"/> on malformed input.</summary>
        public static PresenceRecord[] Decode(byte[] buffer, int offset, int count, long frameTimestampMs, out DecodeError error)
        {
            WireReader reader = new WireReader(buffer, offset, count);
            uint n;
            error = DecodeError.BadPayload;
            if (!reader.ReadVarUInt(out n) || n > MaxRecords) return null;
            PresenceRecord[] records = new PresenceRecord[n];
            for (int i = 0; i < n; i++)
            {
                int type, idLength, maxRssi, meanRssi, flags, idStart;
                uint ago, duration, seen;
                if (!reader.ReadByte(out type) || type > 7) return null;
                if (!reader.ReadByte(out idLength) || idLength > PresenceRecord.MaxIdBytes) return null;
                if (!reader.Skip(idLength, out idStart)) return null;
                if (!reader.ReadVarUInt(out ago) || !reader.ReadVarUInt(out duration)) return null;
                if (!reader.ReadSByte(out maxRssi) || !reader.ReadSByte(out meanRssi)) return null;
                if (!reader.ReadVarUInt(out seen) || seen == 0 || seen > int.MaxValue) return null;
                if (!reader.ReadByte(out flags)) return null;
                PresenceRecord record = new PresenceRecord();
                record.Type = (BeaconType)type;
                record.Id = new byte[idLength];
                Array.Copy(buffer, idStart, record.Id, 0, idLength);
                record.FirstSeenMs = frameTimestampMs - (long)ago * 100;
                record.LastSeenMs = record.FirstSeenMs + (long)duration * 100;
                record.MaxRssi = maxRssi;
                record.MeanRssi = meanRssi;
                record.Count = (int)seen;
                record.AtDoor = (flags & 1) != 0;
                records[i] = record;
            }
            if (reader.Remaining != 0) return null;
            error = DecodeError.None;
            return records;
        }

        private static void WriteRecord(WireWriter writer, PresenceRecord record, long frameTimestampMs)
        {
            int idLength = record.Id == null ? 0 : record.Id.Length;
            if (idLength > PresenceRecord.MaxIdBytes) throw new ArgumentException("beacon id longer than 16 bytes", "record");
            writer.WriteByte((int)record.Type);
            writer.WriteByte(idLength);
            if (idLength > 0) writer.WriteBytes(record.Id, 0, idLength);
            writer.WriteVarUInt(Tenths(frameTimestampMs - record.FirstSeenMs));
            writer.WriteVarUInt(Tenths(record.LastSeenMs - record.FirstSeenMs));
            writer.WriteByte(ClampRssi(record.MaxRssi));
            writer.WriteByte(ClampRssi(record.MeanRssi));
            writer.WriteVarUInt((uint)(record.Count < 1 ? 1 : record.Count));
            writer.WriteByte(record.AtDoor ? 1 : 0);
        }

        private static uint Tenths(long ms)
        {
            if (ms <= 0) return 0;
            long tenths = ms / 100;
            return tenths > 0x7FFFFFFF ? 0x7FFFFFFF : (uint)tenths;
        }

        private static int ClampRssi(int rssi)
        {
            if (rssi < -128) rssi = -128;
            if (rssi > 127) rssi = 127;
            return rssi & 0xFF;
        }
    }
}
