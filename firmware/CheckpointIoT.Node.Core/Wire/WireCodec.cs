using System;
using System.Text;

namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>
    /// Encodes and decodes check-in frames (node → gateway) and verdict frames (gateway → node).
    /// Pure: bytes in, values out; decoding never throws on bad input, it returns a <see cref="DecodeError"/>.
    /// </summary>
    public static class WireCodec
    {
        /// <summary>Encodes into <paramref name="buffer"/> at <paramref name="offset"/>; returns the frame length.</summary>
        public static int EncodeCheckin(CheckinMessage message, byte[] buffer, int offset)
        {
            if (message == null) throw new ArgumentNullException("message");
            if (!WireFormat.IsValidNodeId(message.NodeId)) throw new ArgumentException("invalid node id", "message");
            if (message.TimestampMs < 0 || message.TimestampMs > WireFormat.MaxTimestampMs) throw new ArgumentOutOfRangeException("message");
            int kind = (int)message.Kind;
            if (kind < 1 || kind > 3) throw new ArgumentException("invalid kind", "message");
            int length = MeasureCheckin(message);
            if (length > WireFormat.MaxFrameBytes) throw new ArgumentException("frame larger than " + WireFormat.MaxFrameBytes + " bytes", "message");

            WireWriter writer = new WireWriter(buffer, offset);
            writer.WriteByte(WireFormat.Version);
            int kindByte = kind | (((int)message.Direction & 0x3) << 4);
            if (message.OfflineVerdict) kindByte |= WireFormat.FlagOfflineVerdict;
            if (message.Replayed) kindByte |= WireFormat.FlagReplayed;
            writer.WriteByte(kindByte);
            writer.WriteVarUInt(message.Sequence);
            writer.WriteUInt48(message.TimestampMs);
            writer.WriteByte(message.NodeId.Length);
            for (int i = 0; i < message.NodeId.Length; i++)
            {
                writer.WriteByte(message.NodeId[i]);
            }
            writer.WriteVarUInt((uint)message.PayloadCount);
            if (message.PayloadCount > 0)
            {
                writer.WriteBytes(message.Payload, message.PayloadOffset, message.PayloadCount);
            }
            return writer.Position - offset;
        }

        public static byte[] EncodeCheckin(CheckinMessage message)
        {
            byte[] frame = new byte[MeasureCheckin(message)];
            EncodeCheckin(message, frame, 0);
            return frame;
        }

        /// <summary>The encoded size of a check-in frame.</summary>
        public static int MeasureCheckin(CheckinMessage message)
        {
            int nodeIdLength = message.NodeId == null ? 0 : message.NodeId.Length;
            return 2 + WireWriter.VarUIntSize(message.Sequence) + 6 + 1 + nodeIdLength
                + WireWriter.VarUIntSize((uint)message.PayloadCount) + message.PayloadCount;
        }

        /// <summary>
        /// Decodes a check-in frame into <paramref name="into"/>. The payload is not copied: it points into
        /// <paramref name="buffer"/> (use <see cref="CheckinMessage.CopyPayload"/> to keep it).
        /// </summary>
        public static DecodeError DecodeCheckin(byte[] buffer, int offset, int count, CheckinMessage into)
        {
            if (buffer == null || count <= 0) return DecodeError.Empty;
            if (count > WireFormat.MaxFrameBytes) return DecodeError.Oversized;
            WireReader reader = new WireReader(buffer, offset, count);
            int version;
            reader.ReadByte(out version);
            if (version != WireFormat.Version) return DecodeError.UnknownVersion;
            int kindByte;
            if (!reader.ReadByte(out kindByte)) return DecodeError.Truncated;
            int kind = kindByte & 0x0F;
            int direction = (kindByte >> 4) & 0x3;
            if (kind < 1 || kind > 3 || direction == 3) return DecodeError.UnknownKind;
            uint sequence;
            if (!reader.ReadVarUInt(out sequence)) return DecodeError.Truncated;
            long timestamp;
            if (!reader.ReadUInt48(out timestamp)) return DecodeError.Truncated;
            int idLength;
            if (!reader.ReadByte(out idLength)) return DecodeError.Truncated;
            if (idLength == 0 || idLength > WireFormat.MaxNodeIdLength) return DecodeError.BadNodeId;
            int idStart;
            if (!reader.Skip(idLength, out idStart)) return DecodeError.Truncated;
            char[] idChars = new char[idLength];
            for (int i = 0; i < idLength; i++)
            {
                idChars[i] = (char)buffer[idStart + i];
            }
            string nodeId = new string(idChars);
            if (!WireFormat.IsValidNodeId(nodeId)) return DecodeError.BadNodeId;
            uint payloadLength;
            if (!reader.ReadVarUInt(out payloadLength)) return DecodeError.Truncated;
            if (payloadLength > WireFormat.MaxFrameBytes) return DecodeError.BadLength;
            int payloadStart;
            if (!reader.Skip((int)payloadLength, out payloadStart)) return DecodeError.Truncated;
            if (reader.Remaining != 0) return DecodeError.BadLength;

            into.Kind = (CheckinKind)kind;
            into.Direction = (DoorDirection)direction;
            into.OfflineVerdict = (kindByte & WireFormat.FlagOfflineVerdict) != 0;
            into.Replayed = (kindByte & WireFormat.FlagReplayed) != 0;
            into.Sequence = sequence;
            into.TimestampMs = timestamp;
            into.NodeId = nodeId;
            into.Payload = buffer;
            into.PayloadOffset = payloadStart;
            into.PayloadCount = (int)payloadLength;
            return DecodeError.None;
        }

        public static byte[] EncodeVerdict(VerdictMessage verdict)
        {
            if (verdict == null) throw new ArgumentNullException("verdict");
            byte[] text = verdict.DisplayText == null ? new byte[0] : Encoding.UTF8.GetBytes(verdict.DisplayText);
            int textLength = Utf8.ClampLength(text, WireFormat.MaxDisplayTextBytes);
            byte[] frame = new byte[1 + WireWriter.VarUIntSize(verdict.Sequence) + 2 + 1 + textLength];
            WireWriter writer = new WireWriter(frame, 0);
            writer.WriteByte(WireFormat.Version);
            writer.WriteVarUInt(verdict.Sequence);
            writer.WriteByte((int)verdict.Result);
            writer.WriteByte((int)verdict.Reason);
            writer.WriteShortBytes(text, 0, textLength);
            return frame;
        }

        public static DecodeError DecodeVerdict(byte[] buffer, int offset, int count, VerdictMessage into)
        {
            if (buffer == null || count <= 0) return DecodeError.Empty;
            if (count > 1 + 5 + 2 + 1 + WireFormat.MaxDisplayTextBytes) return DecodeError.Oversized;
            WireReader reader = new WireReader(buffer, offset, count);
            int version;
            reader.ReadByte(out version);
            if (version != WireFormat.Version) return DecodeError.UnknownVersion;
            uint sequence;
            if (!reader.ReadVarUInt(out sequence)) return DecodeError.Truncated;
            int result;
            int reason;
            if (!reader.ReadByte(out result) || !reader.ReadByte(out reason)) return DecodeError.Truncated;
            if (result > 3) return DecodeError.UnknownKind;
            int textLength;
            if (!reader.ReadByte(out textLength)) return DecodeError.Truncated;
            if (textLength > WireFormat.MaxDisplayTextBytes) return DecodeError.BadLength;
            int textStart;
            if (!reader.Skip(textLength, out textStart)) return DecodeError.Truncated;
            if (reader.Remaining != 0) return DecodeError.BadLength;
            into.Sequence = sequence;
            into.Result = (VerdictResult)result;
            into.Reason = (ReasonCode)reason;
            into.DisplayText = Utf8.Decode(buffer, textStart, textLength);
            return DecodeError.None;
        }

        public static string DescribeError(DecodeError error)
        {
            switch (error)
            {
                case DecodeError.None: return "ok";
                case DecodeError.Empty: return "empty frame";
                case DecodeError.Truncated: return "truncated frame";
                case DecodeError.Oversized: return "frame larger than " + WireFormat.MaxFrameBytes + " bytes";
                case DecodeError.UnknownVersion: return "unknown wire format version";
                case DecodeError.UnknownKind: return "unknown frame kind";
                case DecodeError.BadNodeId: return "invalid node id";
                case DecodeError.BadLength: return "length field does not match the frame";
                case DecodeError.BadPayload: return "malformed payload";
                default: return "unknown error";
            }
        }

        /// <summary>Short machine name used as a metrics label.</summary>
        public static string ErrorName(DecodeError error)
        {
            switch (error)
            {
                case DecodeError.None: return "none";
                case DecodeError.Empty: return "empty";
                case DecodeError.Truncated: return "truncated";
                case DecodeError.Oversized: return "oversized";
                case DecodeError.UnknownVersion: return "unknown_version";
                case DecodeError.UnknownKind: return "unknown_kind";
                case DecodeError.BadNodeId: return "bad_node_id";
                case DecodeError.BadLength: return "bad_length";
                case DecodeError.BadPayload: return "bad_payload";
                default: return "other";
            }
        }
    }
}
