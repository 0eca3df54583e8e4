using System;

namespace CheckpointIoT.Node.Core.Qr
{
    /// <summary>
    /// Suppresses the same code presented again within a window (a continuous-mode scanner re-reads a
    /// phone held in front of it every second or so). The window slides: each repeat refreshes the
    /// code's time, so a code held in place stays suppressed. Memory is a fixed ring of
    /// 32-bit FNV-1a hashes (plus lengths), so it never grows; a hash collision can at worst
    /// suppress a different code for one window.
    /// </summary>
    public sealed class QrDebouncer
    {
        private const uint FnvOffset = 2166136261;
        private const uint FnvPrime = 16777619;

        private readonly long _windowMs;
        private readonly uint[] _hashes;
        private readonly int[] _lengths;
        private readonly long[] _seenMs;
        private readonly bool[] _used;
        private int _next;

        public QrDebouncer(long windowMs, int capacity = 16)
        {
            if (windowMs < 0) throw new ArgumentOutOfRangeException("windowMs");
            if (capacity < 1) throw new ArgumentOutOfRangeException("capacity");
            _windowMs = windowMs;
            _hashes = new uint[capacity];
            _lengths = new int[capacity];
            _seenMs = new long[capacity];
            _used = new bool[capacity];
        }

        public long WindowMs { get { return _windowMs; } }

        public int Capacity { get { return _hashes.Length; } }

        /// <summary>True when the same text was seen less than the window ago; records the sighting either way.</summary>
        public bool IsRepeat(string text, long nowMs)
        {
            if (text == null) text = string.Empty;
            return Check(Hash(text), text.Length, nowMs);
        }

        /// <summary>The same for raw scan bytes (no decoding needed).</summary>
        public bool IsRepeat(byte[] data, int offset, int count, long nowMs)
        {
            if (data == null) throw new ArgumentNullException("data");
            if (offset < 0 || count < 0 || offset + count > data.Length) throw new ArgumentOutOfRangeException("count");
            return Check(Hash(data, offset, count), count, nowMs);
        }

        /// <summary>Forgets every code.</summary>
        public void Clear()
        {
            for (int i = 0; i < _used.Length; i++) _used[i] = false;
            _next = 0;
        }

        /// <summary>32-bit FNV-1a over the UTF-16 code units (low byte, then high byte).</summary>
        public static uint Hash(string text)
        {
            uint hash = FnvOffset;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                hash = (hash ^ (uint)(c & 0xFF)) * FnvPrime;
                hash = (hash ^ (uint)((c >> 8) & 0xFF)) * FnvPrime;
            }
            return hash;
        }

        /// <summary>32-bit FNV-1a over bytes.</summary>
        public static uint Hash(byte[] data, int offset, int count)
        {
            uint hash = FnvOffset;
            for (int i = offset; i < offset + count; i++)
            {
                hash = (hash ^ data[i]) * FnvPrime;
            }
            return hash;
        }

        private bool Check(uint hash, int length, long nowMs)
        {
            for (int i = 0; i < _hashes.Length; i++)
            {
                if (_used[i] && _hashes[i] == hash && _lengths[i] == length)
                {
                    long age = nowMs - _seenMs[i];
                    _seenMs[i] = nowMs;
                    return age >= 0 && age < _windowMs;
                }
            }
            _hashes[_next] = hash;
            _lengths[_next] = length;
            _seenMs[_next] = nowMs;
            _used[_next] = true;
            _next = (_next + 1) % _hashes.Length;
            return false;
        }
    }
}
