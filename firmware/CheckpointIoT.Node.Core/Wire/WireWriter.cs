using System;

namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>Appends wire primitives (big-endian fixed ints, LEB128 varints) into a caller-owned buffer.</summary>
    public sealed class WireWriter
    {
        private byte[] _buffer;
        private int _position;

        public WireWriter(byte[] buffer, int offset)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            _buffer = buffer;
            _position = offset;
        }

        public int Position { get { return _position; } }

        public byte[] Buffer { get { return _buffer; } }

        public void Reset(byte[] buffer, int offset)
        {
            _buffer = buffer;
            _position = offset;
        }

        public void WriteByte(int value)
        {
            Ensure(1);
            _buffer[_position++] = (byte)value;
        }

        public void WriteUInt48(long value)
        {
            Ensure(6);
            for (int shift = 40; shift >= 0; shift -= 8)
            {
                _buffer[_position++] = (byte)(value >> shift);
            }
        }

        public void WriteVarUInt(uint value)
        {
            while (value >= 0x80)
            {
                WriteByte((int)(value & 0x7F) | 0x80);
                value >>= 7;
            }
            WriteByte((int)value);
        }

        public void WriteBytes(byte[] source, int offset, int count)
        {
            Ensure(count);
            Array.Copy(source, offset, _buffer, _position, count);
            _position += count;
        }

        /// <summary>A length byte then the bytes; count must be 0..255.</summary>
        public void WriteShortBytes(byte[] source, int offset, int count)
        {
            if (count > 255) throw new ArgumentOutOfRangeException("count");
            WriteByte(count);
            WriteBytes(source, offset, count);
        }

        public static int VarUIntSize(uint value)
        {
            int size = 1;
            while (value >= 0x80)
            {
                value >>= 7;
                size++;
            }
            return size;
        }

        private void Ensure(int count)
        {
            if (_position + count > _buffer.Length)
            {
                throw new ArgumentException("buffer too small for the frame", "buffer");
            }
        }
    }
}
