using System;
using System.Collections;
using System.IO;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>
    /// <see cref="IQueueStorage"/> in RAM, with power-cut simulation for tests and the simulator:
    /// <see cref="TearNextAppendAfter"/> writes only a prefix of the next append and then "loses power";
    /// <see cref="CutPower"/> loses everything not flushed. While the power is off every call throws IOException;
    /// <see cref="PowerOn"/> is the reboot. Also counts appends, bytes and flushes for the benchmarks.
    /// </summary>
    public sealed class MemoryQueueStorage : IQueueStorage
    {
        private readonly object _sync = new object();
        private readonly Hashtable _segments = new Hashtable();
        private int _tearAfter = -1;
        private bool _failNextAppend;
        private bool _powerOff;
        private long _appendCalls;
        private long _bytesAppended;
        private long _flushCalls;

        public long AppendCalls { get { lock (_sync) { return _appendCalls; } } }

        public long BytesAppended { get { lock (_sync) { return _bytesAppended; } } }

        public long FlushCalls { get { lock (_sync) { return _flushCalls; } } }

        public bool IsPowerOff { get { lock (_sync) { return _powerOff; } } }

        /// <summary>Total bytes of all segments.</summary>
        public long TotalBytes
        {
            get
            {
                lock (_sync)
                {
                    long total = 0;
                    foreach (DictionaryEntry entry in _segments) total += ((MemorySegment)entry.Value).Length;
                    return total;
                }
            }
        }

        /// <summary>The next Append persists only its first <paramref name="bytes"/> bytes, then the power is cut (throws IOException).</summary>
        public void TearNextAppendAfter(int bytes)
        {
            lock (_sync)
            {
                _tearAfter = bytes < 0 ? 0 : bytes;
            }
        }

        /// <summary>The next Append throws IOException without writing anything; the power stays on (an I/O error).</summary>
        public void FailNextAppend()
        {
            lock (_sync)
            {
                _failNextAppend = true;
            }
        }

        /// <summary>Power cut now: bytes appended but not flushed are lost.</summary>
        public void CutPower()
        {
            lock (_sync)
            {
                CutPowerLocked();
            }
        }

        /// <summary>Reboot after a power cut.</summary>
        public void PowerOn()
        {
            lock (_sync)
            {
                _powerOff = false;
                _tearAfter = -1;
                _failNextAppend = false;
            }
        }

        /// <summary>A copy of a segment's bytes (tests).</summary>
        public byte[] Snapshot(int segment)
        {
            lock (_sync)
            {
                MemorySegment s = (MemorySegment)_segments[segment];
                byte[] copy = new byte[s == null ? 0 : s.Length];
                if (s != null) Array.Copy(s.Data, copy, s.Length);
                return copy;
            }
        }

        /// <summary>Overwrites one byte in place, as bit rot would (tests).</summary>
        public void Corrupt(int segment, int position, byte value)
        {
            lock (_sync)
            {
                MemorySegment s = (MemorySegment)_segments[segment];
                if (s == null || position < 0 || position >= s.Length) throw new ArgumentOutOfRangeException("position");
                s.Data[position] = value;
            }
        }

        public int[] ListSegments()
        {
            lock (_sync)
            {
                CheckPower();
                int[] ids = new int[_segments.Count];
                int n = 0;
                foreach (DictionaryEntry entry in _segments) ids[n++] = (int)entry.Key;
                for (int i = 1; i < n; i++)
                {
                    int id = ids[i];
                    int j = i;
                    while (j > 0 && ids[j - 1] > id)
                    {
                        ids[j] = ids[j - 1];
                        j--;
                    }
                    ids[j] = id;
                }
                return ids;
            }
        }

        public long Length(int segment)
        {
            lock (_sync)
            {
                CheckPower();
                MemorySegment s = (MemorySegment)_segments[segment];
                return s == null ? 0 : s.Length;
            }
        }

        public int Read(int segment, long position, byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                CheckPower();
                MemorySegment s = (MemorySegment)_segments[segment];
                if (s == null || position < 0 || position >= s.Length || count <= 0) return 0;
                int available = s.Length - (int)position;
                int n = count < available ? count : available;
                Array.Copy(s.Data, (int)position, buffer, offset, n);
                return n;
            }
        }

        public void Append(int segment, byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                CheckPower();
                if (_failNextAppend)
                {
                    _failNextAppend = false;
                    throw new IOException("simulated I/O error");
                }
                _appendCalls++;
                MemorySegment s = (MemorySegment)_segments[segment];
                if (s == null)
                {
                    s = new MemorySegment();
                    _segments[segment] = s;
                }
                int keep = count;
                bool tear = _tearAfter >= 0;
                if (tear && _tearAfter < count) keep = _tearAfter;
                s.EnsureCapacity(s.Length + keep);
                Array.Copy(buffer, offset, s.Data, s.Length, keep);
                s.Length += keep;
                _bytesAppended += keep;
                if (tear)
                {
                    _tearAfter = -1;
                    s.Durable = s.Length; // the prefix reached the flash
                    CutPowerLocked();
                    throw new IOException("simulated power cut after " + keep + " of " + count + " bytes");
                }
            }
        }

        public void Flush(int segment)
        {
            lock (_sync)
            {
                CheckPower();
                _flushCalls++;
                MemorySegment s = (MemorySegment)_segments[segment];
                if (s != null) s.Durable = s.Length;
            }
        }

        public void Truncate(int segment, long length)
        {
            lock (_sync)
            {
                CheckPower();
                MemorySegment s = (MemorySegment)_segments[segment];
                if (s == null) return;
                if (length < 0) length = 0;
                if (length < s.Length) s.Length = (int)length;
                s.Durable = s.Length;
            }
        }

        public void Delete(int segment)
        {
            lock (_sync)
            {
                CheckPower();
                _segments.Remove(segment);
            }
        }

        private void CutPowerLocked()
        {
            foreach (DictionaryEntry entry in _segments)
            {
                MemorySegment segment = (MemorySegment)entry.Value;
                segment.Length = segment.Durable;
            }
            _powerOff = true;
        }

        private void CheckPower()
        {
            if (_powerOff) throw new IOException("simulated power loss: storage is off until PowerOn()");
        }
    }
}
