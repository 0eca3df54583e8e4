using System;

namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>Payload of a QR check-in: one byte <see cref="QrKind"/> (the node's classification) then the scanned bytes as read.</summary>
    public static class QrPayload
    {
        public const int MaxScanBytes = 2048;

        public static byte[] Encode(QrKind kind, byte[] scan, int offset, int count)
        {
            if (count < 0 || count > MaxScanBytes) throw new ArgumentOutOfRangeException("count");
            byte[] payload = new byte[1 + count];
            payload[0] = (byte)kind;
            if (count > 0) Array.Copy(scan, offset, payload, 1, count);
            return payload;
        }

        /// <summary>Reads the kind byte; the scan is the payload bytes after it.</summary>
        public static DecodeError Decode(byte[] buffer, int offset, int count, out QrKind kind, out int scanOffset, out int scanCount)
        {
            kind = QrKind.Unknown;
            scanOffset = offset;
            scanCount = 0;
            if (count < 1) return DecodeError.BadPayload;
            if (count - 1 > MaxScanBytes) return DecodeError.Oversized;
            int k = buffer[offset];
            if (k > (int)QrKind.Garbled) return DecodeError.BadPayload;
            kind = (QrKind)k;
            scanOffset = offset + 1;
            scanCount = count - 1;
            return DecodeError.None;
        }
    }
}
