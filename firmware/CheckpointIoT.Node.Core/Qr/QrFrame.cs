using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Qr
{
    /// <summary>One scan cut out of the scanner's byte stream by <see cref="QrFramer"/>.</summary>
    public sealed class QrFrame
    {
        private static readonly byte[] NoBytes = new byte[0];

        private readonly byte[] _data;
        private readonly QrFrameError _error;
        private readonly long _receivedMs;
        private readonly int _droppedBytes;
        private string _text;

        public QrFrame(byte[] data, QrFrameError error, long receivedMs, int droppedBytes)
        {
            _data = data == null ? NoBytes : data;
            _error = error;
            _receivedMs = receivedMs;
            _droppedBytes = droppedBytes;
        }

        /// <summary>The scan bytes without terminator or length header; empty for an error frame.</summary>
        public byte[] Data { get { return _data; } }

        /// <summary>Number of bytes in <see cref="Data"/> (never more than the framer's cap).</summary>
        public int Length { get { return _data.Length; } }

        public QrFrameError Error { get { return _error; } }

        /// <summary>Time of the frame's last byte (the caller's clock, as passed to Feed/Poll).</summary>
        public long ReceivedMs { get { return _receivedMs; } }

        /// <summary>For an error frame: how many scan bytes were thrown away.</summary>
        public int DroppedBytes { get { return _droppedBytes; } }

        public bool IsOk { get { return _error == QrFrameError.None; } }

        /// <summary>The scan decoded as UTF-8; invalid sequences become U+FFFD (never throws).</summary>
        public string Text
        {
            get
            {
                if (_text == null)
                {
                    _text = Utf8.Decode(_data, 0, _data.Length);
                }
                return _text;
            }
        }
    }
}
