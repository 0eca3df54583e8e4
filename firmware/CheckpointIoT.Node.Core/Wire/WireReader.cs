namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>
    /// Reads wire primitives from a byte range without throwing: every Read returns false when the
    /// input ends early, so a decoder can turn that into <see cref="DecodeError.Truncated"/>.
    /// </summary>
    public sealed class WireReader
    {
        private byte[] _buffer;
        private int _position;
        private int _end;

        public WireReader(byte[] buffer, int offset, int count)
        {
            Reset(buffer, offset, count);
        }

        public int Position { get { return _position; } }

        public int Remaining { get { return _end - _position; } }

        public byte[] Buffer { get { return _buffer; } }

        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _position = offset;
            _end = offset + count;
        }

        public bool ReadByte(out int value)
        {
            if (_position >= _end)
            {
                value = 0;
                return false;
            }
            value = _buffer[_position++];
            return true;
        }

        public bool ReadSByte(out int value)
        {
            int raw;
            if (!ReadByte(out raw))
            {
                value = 0;
                return false;
            }
            value = raw >= 128 ? raw - 256 : raw;
            return true;
        }

        public bool ReadUInt48(out long value)
        {
            value = 0;
            if (_end - _position < 6) return false;
            for (int i = 0; i < 6; i++)
            {
                value = (value << 8) | _buffer[_position++];
            }
            return true;
        }

        /// <summary>LEB128, at most 5 bytes, must fit 32 bits.</summary>
        public bool ReadVarUInt(out uint value)
        {
            value = 0;
            int shift = 0;
            for (int i = 0; i < 5; i++)
            {
                if (_position >= _end) return false;
                int b = _buffer[_position++];
                if (i == 4 && b > 0x0F) return false;
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return true;
                shift += 7;
            }
            return false;
        }

        /// <summary>Marks <paramref name="count"/> bytes as read and returns where they start.</summary>
        public bool Skip(int count, out int start)
        {
            start = _position;
            if (count < 0 || _end - _position < count) return false;
            _position += count;
            return true;
        }
    }
}
