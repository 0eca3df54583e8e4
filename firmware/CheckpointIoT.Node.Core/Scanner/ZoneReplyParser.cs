using System;

namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>
    /// Incremental reply parser: feed bytes as they arrive, get a <see cref="ZoneReply"/> when one is
    /// complete. Garbage (scan text, line noise, a reply with a bad CRC) is skipped by restarting at the
    /// next possible header byte among the bytes already held. Bounded: holds at most
    /// <see cref="ZoneFrames.MaxReplyBytes"/> bytes.
    /// </summary>
    public sealed class ZoneReplyParser
    {
        private readonly byte[] _buffer = new byte[ZoneFrames.MaxReplyBytes];
        private int _count;
        private int _skippedBytes;
        private int _replies;

        /// <summary>Bytes thrown away while looking for a reply.</summary>
        public int SkippedBytes { get { return _skippedBytes; } }

        public int Replies { get { return _replies; } }

        /// <summary>True while bytes of a possible reply are held.</summary>
        public bool InReply { get { return _count > 0; } }

        public void Reset()
        {
            _count = 0;
        }

        public ZoneReply Feed(byte b)
        {
            _buffer[_count++] = b;
            while (true)
            {
                ZoneReplyCheck check = ZoneFrames.CheckReply(_buffer, 0, _count);
                if (check == ZoneReplyCheck.NeedMore) return null;
                if (check == ZoneReplyCheck.Complete)
                {
                    ZoneReply reply = ZoneFrames.ParseReply(_buffer, 0, _count);
                    _count = 0;
                    _replies++;
                    return reply;
                }
                int next = 1;
                while (next < _count && !ZoneFrames.IsReplyHeader(_buffer[next])) next++;
                _skippedBytes += next;
                if (next < _count) Array.Copy(_buffer, next, _buffer, 0, _count - next);
                _count -= next;
                if (_count == 0) return null;
            }
        }

        /// <summary>Feeds bytes until the first complete reply; <paramref name="consumed"/> says how many bytes were used.</summary>
        public ZoneReply Feed(byte[] buffer, int offset, int count, out int consumed)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException("count");
            for (int i = 0; i < count; i++)
            {
                ZoneReply reply = Feed(buffer[offset + i]);
                if (reply != null)
                {
                    consumed = i + 1;
                    return reply;
                }
            }
            consumed = count;
            return null;
        }
    }
}
