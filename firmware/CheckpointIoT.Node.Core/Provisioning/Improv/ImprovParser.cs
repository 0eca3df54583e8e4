using System;

namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>
    /// Incremental Improv packet reader for a UART shared with other traffic: bytes outside a packet
    /// (log lines, a terminal's keystrokes) are skipped until the "IMPROV" header. Bounded: holds at
    /// most one packet (265 bytes). A packet with a bad checksum is returned with
    /// <see cref="ImprovPacket.ChecksumValid"/> false so the device can answer "invalid RPC".
    /// </summary>
    public sealed class ImprovParser
    {
        private readonly byte[] _buffer = new byte[ImprovPacket.MaxPacketLength];
        private int _count;
        private int _noiseBytes;
        private int _badChecksums;
        private int _packets;

        public int NoiseBytes { get { return _noiseBytes; } }

        public int BadChecksums { get { return _badChecksums; } }

        public int Packets { get { return _packets; } }

        /// <summary>True while a packet is partly read.</summary>
        public bool InPacket { get { return _count > 0; } }

        public void Reset()
        {
            _count = 0;
        }

        public ImprovPacket Feed(byte b)
        {
            if (_count < ImprovPacket.HeaderLength)
            {
                if (b == ImprovPacket.HeaderByte(_count))
                {
                    _buffer[_count++] = b;
                }
                else
                {
                    // "IMPROV" has no repeated prefix, so a mismatch can only restart at an 'I'.
                    _noiseBytes += _count;
                    _count = 0;
                    if (b == ImprovPacket.HeaderByte(0)) _buffer[_count++] = b;
                    else _noiseBytes++;
                }
                return null;
            }
            _buffer[_count++] = b;
            if (_count == 7)
            {
                if (b != ImprovPacket.Version)
                {
                    _noiseBytes += _count;
                    _count = 0;
                    if (b == ImprovPacket.HeaderByte(0))
                    {
                        _noiseBytes--;
                        _buffer[_count++] = b;
                    }
                }
                return null;
            }
            if (_count < 9) return null;
            int total = ImprovPacket.Overhead + _buffer[8];
            if (_count < total) return null;
            byte[] data = new byte[_buffer[8]];
            Array.Copy(_buffer, 9, data, 0, data.Length);
            bool ok = ImprovPacket.Checksum(_buffer, 0, total - 1) == _buffer[total - 1];
            _count = 0;
            if (ok) _packets++;
            else _badChecksums++;
            return new ImprovPacket(_buffer[7], data, ok);
        }

        /// <summary>Feeds bytes until the first packet; <paramref name="consumed"/> says how many were used.</summary>
        public ImprovPacket Feed(byte[] buffer, int offset, int count, out int consumed)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException("count");
            for (int i = 0; i < count; i++)
            {
                ImprovPacket packet = Feed(buffer[offset + i]);
                if (packet != null)
                {
                    consumed = i + 1;
                    return packet;
                }
            }
            consumed = count;
            return null;
        }
    }
}
