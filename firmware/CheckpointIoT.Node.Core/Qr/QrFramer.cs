using System;

namespace CheckpointIoT.Node.Core.Qr
{
    /// <summary>
    /// Cuts the scanner's UART byte stream into scans. A scan ends at CR, LF or CR LF, at an idle gap
    /// with no terminator, or (length-framed output <c>03 00 len data</c>) after <c>len</c> bytes.
    /// NUL bytes and lone CR/LF are noise. A scan longer than the cap becomes one
    /// <see cref="QrFrameError.Oversize"/> frame and the framer resynchronises at the next terminator
    /// or idle gap. The working buffer is allocated once; each emitted frame copies its bytes.
    /// Not thread-safe: feed it from one loop.
    /// </summary>
    public sealed class QrFramer
    {
        private const byte Cr = 0x0D;
        private const byte Lf = 0x0A;
        private const byte LengthFramedMarker = 0x03;

        // Length-framed output: 0 = text mode, 1 = saw 0x03 at a frame start, 2 = saw 03 00 (length next), 3 = reading data.
        private const int StageText = 0;
        private const int StageMarker = 1;
        private const int StageLength = 2;
        private const int StageData = 3;

        private readonly byte[] _buffer;
        private readonly int _idleGapMs;
        private readonly QrFrame[] _ready;

        private int _length;
        private bool _overflow;
        private int _overflowBytes;
        private int _stage;
        private int _remaining;
        private long _lastByteMs;
        private int _head;
        private int _count;
        private int _droppedFrames;
        private int _noiseBytes;

        public QrFramer(int maxScanBytes = 2048, int idleGapMs = 30, int queueCapacity = 8)
        {
            if (maxScanBytes < 16) throw new ArgumentOutOfRangeException("maxScanBytes");
            if (idleGapMs < 1) throw new ArgumentOutOfRangeException("idleGapMs");
            if (queueCapacity < 1) throw new ArgumentOutOfRangeException("queueCapacity");
            _buffer = new byte[maxScanBytes];
            _idleGapMs = idleGapMs;
            _ready = new QrFrame[queueCapacity];
        }

        public int MaxScanBytes { get { return _buffer.Length; } }

        public int IdleGapMs { get { return _idleGapMs; } }

        /// <summary>Frames ready to dequeue.</summary>
        public int Count { get { return _count; } }

        /// <summary>Frames thrown away because nobody dequeued them (the oldest goes first).</summary>
        public int DroppedFrames { get { return _droppedFrames; } }

        /// <summary>NUL bytes, lone CR/LF and stray length headers skipped so far.</summary>
        public int NoiseBytes { get { return _noiseBytes; } }

        /// <summary>True while bytes of an unfinished scan are buffered.</summary>
        public bool HasPartial { get { return _length > 0 || _overflow || _stage != StageText; } }

        /// <summary>Time of the last byte fed.</summary>
        public long LastByteMs { get { return _lastByteMs; } }

        public void Feed(byte[] buffer, int offset, int count, long nowMs)
        {
            if (buffer == null) throw new ArgumentNullException("buffer");
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException("count");
            if (count == 0) return;
            Poll(nowMs);
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                Process(buffer[i], nowMs);
            }
            _lastByteMs = nowMs;
        }

        /// <summary>Closes an unfinished scan once no byte has arrived for the idle gap.</summary>
        public void Poll(long nowMs)
        {
            if (HasPartial && nowMs - _lastByteMs >= _idleGapMs)
            {
                CloseByGap();
            }
        }

        public QrFrame Dequeue()
        {
            if (_count == 0) return null;
            QrFrame frame = _ready[_head];
            _ready[_head] = null;
            _head = (_head + 1) % _ready.Length;
            _count--;
            return frame;
        }

        /// <summary>Forgets any unfinished scan (ready frames stay queued).</summary>
        public void ResetPartial()
        {
            _length = 0;
            _overflow = false;
            _overflowBytes = 0;
            _stage = StageText;
            _remaining = 0;
        }

        private void Process(byte b, long nowMs)
        {
            if (_stage == StageData)
            {
                Append(b);
                _remaining--;
                if (_remaining == 0)
                {
                    Complete(nowMs);
                }
                return;
            }
            if (_stage == StageLength)
            {
                _remaining = b;
                _length = 0;
                if (b == 0)
                {
                    _noiseBytes += 3;
                    ResetPartial();
                }
                else
                {
                    _stage = StageData;
                }
                return;
            }
            if (_stage == StageMarker)
            {
                _stage = StageText;
                if (b == 0x00)
                {
                    _length = 0;
                    _stage = StageLength;
                    return;
                }
            }

            if (b == Cr || b == Lf)
            {
                if (_overflow || _length > 0)
                {
                    Complete(nowMs);
                }
                else
                {
                    _noiseBytes++;
                }
                return;
            }
            if (b == 0x00)
            {
                _noiseBytes++;
                return;
            }
            if (b == LengthFramedMarker && _length == 0 && !_overflow)
            {
                _stage = StageMarker;
            }
            Append(b);
        }

        private void Append(byte b)
        {
            if (_overflow)
            {
                _overflowBytes++;
            }
            else if (_length < _buffer.Length)
            {
                _buffer[_length++] = b;
            }
            else
            {
                _overflow = true;
                _overflowBytes = _length + 1;
                _length = 0;
            }
        }

        private void CloseByGap()
        {
            if (_stage == StageData)
            {
                Emit(new QrFrame(null, _overflow ? QrFrameError.Oversize : QrFrameError.Truncated, _lastByteMs, _overflow ? _overflowBytes : _length));
                ResetPartial();
                return;
            }
            if (_stage == StageLength)
            {
                _noiseBytes += 2;
                ResetPartial();
                return;
            }
            Complete(_lastByteMs);
        }

        private void Complete(long timeMs)
        {
            if (_overflow)
            {
                Emit(new QrFrame(null, QrFrameError.Oversize, timeMs, _overflowBytes));
            }
            else if (_length > 0)
            {
                byte[] data = new byte[_length];
                Array.Copy(_buffer, 0, data, 0, _length);
                Emit(new QrFrame(data, QrFrameError.None, timeMs, 0));
            }
            ResetPartial();
        }

        private void Emit(QrFrame frame)
        {
            if (_count == _ready.Length)
            {
                _ready[_head] = null;
                _head = (_head + 1) % _ready.Length;
                _count--;
                _droppedFrames++;
            }
            _ready[(_head + _count) % _ready.Length] = frame;
            _count++;
        }
    }
}
