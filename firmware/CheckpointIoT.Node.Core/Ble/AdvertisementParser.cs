namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>
    /// Reusable, allocation-free cursor over the AD structures (length, type, data) of one advertisement.
    /// Accepts any byte sequence: a zero length ends the significant part (as the Core spec says), a length
    /// running past the end stops the iteration and sets <see cref="Malformed"/>; nothing ever throws.
    /// <code>
    /// parser.Reset(data, offset, count);
    /// while (parser.MoveNext()) { ... parser.Type, parser.DataOffset, parser.DataLength ... }
    /// </code>
    /// </summary>
    public sealed class AdvertisementParser
    {
        private byte[] _data;
        private int _next;
        private int _end;

        /// <summary>AD type of the current structure (0..255).</summary>
        public int Type;

        /// <summary>Index into <see cref="Data"/> of the current structure's data (after the type byte).</summary>
        public int DataOffset;

        /// <summary>Bytes of data in the current structure (length byte minus one; may be 0).</summary>
        public int DataLength;

        /// <summary>True when the iteration stopped at a structure whose length runs past the end.</summary>
        public bool Malformed;

        /// <summary>The buffer being iterated.</summary>
        public byte[] Data { get { return _data; } }

        /// <summary>Starts iterating data[offset..offset+count). Out-of-range arguments are clamped to the array.</summary>
        public void Reset(byte[] data, int offset, int count)
        {
            _data = data;
            Type = 0;
            DataOffset = 0;
            DataLength = 0;
            Malformed = false;
            if (data == null || offset < 0 || count <= 0 || offset >= data.Length)
            {
                _next = 0;
                _end = 0;
                return;
            }
            if (count > data.Length - offset) count = data.Length - offset;
            _next = offset;
            _end = offset + count;
        }

        /// <summary>Moves to the next AD structure; false at the end or at the first malformed structure.</summary>
        public bool MoveNext()
        {
            if (_data == null || _next >= _end) return false;
            int length = _data[_next];
            if (length == 0)
            {
                // Early termination: the rest is padding.
                _next = _end;
                return false;
            }
            if (length > _end - _next - 1)
            {
                Malformed = true;
                _next = _end;
                return false;
            }
            Type = _data[_next + 1];
            DataOffset = _next + 2;
            DataLength = length - 1;
            _next += 1 + length;
            return true;
        }
    }
}
