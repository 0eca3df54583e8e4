using System;
using System.Text;

namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>
    /// Payload of a status check-in: flags(1: bit0 online, bits 1-7 unreadable queued records skipped, saturating at 127)
    /// uptime(varint s) freeMemory(varint B) queueDepth(varint) wifiRssi(1, signed) scanner(1)
    /// firmwareVersion(length byte + UTF-8, ≤ 32 B). Bits 1-7 of the flags were always zero and ignored by the first
    /// decoders, so the count travels without changing the layout: old decoders read these frames, and older frames
    /// decode with a count of 0.
    /// </summary>
    public static class StatusPayload
    {
        /// <summary>Largest unreadable-record count the flags byte carries; larger counts are sent as this.</summary>
        public const uint MaxUnreadableRecords = 127;

        public static byte[] Encode(NodeStatus status)
        {
            byte[] version = Encoding.UTF8.GetBytes(status.FirmwareVersion == null ? string.Empty : status.FirmwareVersion);
            int versionLength = Utf8.ClampLength(version, 32);
            byte[] scratch = new byte[1 + 15 + 2 + 1 + versionLength];
            WireWriter writer = new WireWriter(scratch, 0);
            uint unreadable = status.UnreadableRecords > MaxUnreadableRecords ? MaxUnreadableRecords : status.UnreadableRecords;
            writer.WriteByte((status.Online ? 1 : 0) | (int)(unreadable << 1));
            writer.WriteVarUInt(status.UptimeSeconds);
            writer.WriteVarUInt(status.FreeMemoryBytes);
            writer.WriteVarUInt(status.QueueDepth);
            int rssi = status.WifiRssi < -128 ? -128 : (status.WifiRssi > 127 ? 127 : status.WifiRssi);
            writer.WriteByte(rssi & 0xFF);
            writer.WriteByte((int)status.Scanner);
            writer.WriteShortBytes(version, 0, versionLength);
            byte[] payload = new byte[writer.Position];
            Array.Copy(scratch, payload, writer.Position);
            return payload;
        }

        public static DecodeError Decode(byte[] buffer, int offset, int count, NodeStatus into)
        {
            WireReader reader = new WireReader(buffer, offset, count);
            int flags, rssi, scanner, versionLength, versionStart;
            uint uptime, free, depth;
            if (!reader.ReadByte(out flags)) return DecodeError.BadPayload;
            if (!reader.ReadVarUInt(out uptime) || !reader.ReadVarUInt(out free) || !reader.ReadVarUInt(out depth)) return DecodeError.BadPayload;
            if (!reader.ReadSByte(out rssi) || !reader.ReadByte(out scanner) || scanner > 3) return DecodeError.BadPayload;
            if (!reader.ReadByte(out versionLength) || versionLength > 32) return DecodeError.BadPayload;
            if (!reader.Skip(versionLength, out versionStart) || reader.Remaining != 0) return DecodeError.BadPayload;
            into.Online = (flags & 1) != 0;
            into.UnreadableRecords = (uint)(flags >> 1);
            into.UptimeSeconds = uptime;
            into.FreeMemoryBytes = free;
            into.QueueDepth = depth;
            into.WifiRssi = rssi;
            into.Scanner = (ScannerHealth)scanner;
            into.FirmwareVersion = Utf8.Decode(buffer, versionStart, versionLength);
            return DecodeError.None;
        }
    }
}
