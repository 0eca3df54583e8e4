using System;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>
    /// GM65-family (zone-byte protocol) driver. At boot it finds the module (reading zone 0x0000 at
    /// the configured speed, then the link's, then 9600), reads the zones it manages, writes only
    /// those that differ from <see cref="ScannerSettings"/>, moves the module and the link to the
    /// configured speed, and saves to the module's flash only if something was written. Then every
    /// byte goes to <see cref="Framer"/>, except the reply to a heartbeat or trigger command, which
    /// is recognised (CRC-checked) and kept out of the scan stream. All transitions are in this class;
    /// see Scanner/README.md for the diagram. Non-blocking: call <see cref="Step"/> from the loop.
    /// </summary>
    public sealed class Gm65Driver : IScannerDriver
    {
        private const int ReadyNone = 0;
        private const int ReadyHeartbeat = 1;
        private const int ReadyTrigger = 2;
        private const int MaxReadsPerStep = 16;

        private readonly ISerialLink _link;
        private readonly ScannerSettings _settings;
        private readonly ILog _log;
        private readonly ZoneReplyParser _parser = new ZoneReplyParser();
        private readonly QrFramer _framer;
        private readonly byte[] _rx = new byte[256];
        private readonly byte[] _one = new byte[1];
        private readonly byte[] _divert = new byte[ZoneFrames.MaxReplyBytes];
        private int _divertCount;

        private ScannerDriverState _state = ScannerDriverState.Idle;
        private ScannerHealth _health = ScannerHealth.Unknown;
        private long _stateSinceMs;
        private string _lastError;

        // Configuration command in flight.
        private byte[] _command;
        private int _attempt;
        private int _maxAttempts;
        private long _sentMs;
        private bool _awaiting;

        // Probing.
        private readonly int[] _bauds = new int[3];
        private int _baudCount;
        private int _baudIndex;
        private int _moduleBaudRate;

        // Reading.
        private readonly int[] _readAddresses = new int[3];
        private readonly int[] _readCounts = new int[3];
        private int _readCount;
        private int _readIndex;
        private int _zoneTrigger;
        private int _zoneEncoding;
        private int _zoneTerminator;
        private int _baudDivisor;

        // Writing.
        private readonly byte[][] _writeFrames = new byte[4][];
        private readonly bool[] _writeIsBaud = new bool[4];
        private int _writeCount;
        private int _writeIndex;

        // Ready.
        private int _readyCommand;
        private long _readySentMs;
        private bool _replyLate;
        private long _lastHeartbeatMs;
        private int _missedHeartbeats;

        private int _zoneWrites;
        private int _flashSaves;
        private int _heartbeatsSent;

        public Gm65Driver(ISerialLink link, ScannerSettings settings)
            : this(link, settings, null)
        {
        }

        public Gm65Driver(ISerialLink link, ScannerSettings settings, ILog log)
        {
            if (link == null) throw new ArgumentNullException("link");
            if (settings == null) throw new ArgumentNullException("settings");
            string error = settings.Validate();
            if (error != null) throw new ArgumentException(error, "settings");
            _link = link;
            _settings = settings;
            _log = log;
            _framer = new QrFramer(settings.MaxScanBytes, settings.IdleGapMs);
        }

        public ScannerDriverState State { get { return _state; } }

        public ScannerHealth Health { get { return _health; } }

        public QrFramer Framer { get { return _framer; } }

        /// <summary>The speed the module answered at (after a switch: the new speed); 0 before.</summary>
        public int ModuleBaudRate { get { return _moduleBaudRate; } }

        /// <summary>Zone writes acknowledged (or, for the baud zone, sent) since construction.</summary>
        public int ZoneWrites { get { return _zoneWrites; } }

        /// <summary>Saves to the module's flash acknowledged since construction.</summary>
        public int FlashSaves { get { return _flashSaves; } }

        public int HeartbeatsSent { get { return _heartbeatsSent; } }

        public int MissedHeartbeats { get { return _missedHeartbeats; } }

        /// <summary>Why the driver last failed (no personal data), or null.</summary>
        public string LastError { get { return _lastError; } }

        public ScannerDriverState Step(long nowMs)
        {
            try
            {
                if (_state == ScannerDriverState.Idle) Begin(nowMs);
                Pump(nowMs);
                switch (_state)
                {
                    case ScannerDriverState.Probing:
                    case ScannerDriverState.Reading:
                    case ScannerDriverState.Writing:
                    case ScannerDriverState.Saving:
                        if (_awaiting && nowMs - _sentMs >= _settings.ReplyTimeoutMs) OnTimeout(nowMs);
                        break;
                    case ScannerDriverState.SwitchingBaud:
                        if (nowMs - _stateSinceMs >= _settings.BaudSwitchSettleMs) StartSaving(nowMs);
                        break;
                    case ScannerDriverState.Ready:
                        ReadyStep(nowMs);
                        break;
                    case ScannerDriverState.Failed:
                        if (_settings.FailedRetryDelayMs > 0 && nowMs - _stateSinceMs >= _settings.FailedRetryDelayMs) Begin(nowMs);
                        break;
                }
            }
            catch (Exception ex)
            {
                Fail(ScannerHealth.NotResponding, nowMs, "serial link error: " + ex.Message);
            }
            return _state;
        }

        public bool TriggerOnce(long nowMs)
        {
            if (_state != ScannerDriverState.Ready || _readyCommand != ReadyNone) return false;
            try
            {
                SendReadyCommand(ReadyTrigger, nowMs);
                return true;
            }
            catch (Exception ex)
            {
                Fail(ScannerHealth.NotResponding, nowMs, "serial link error: " + ex.Message);
                return false;
            }
        }

        public void Restart(long nowMs)
        {
            try
            {
                Begin(nowMs);
            }
            catch (Exception ex)
            {
                Fail(ScannerHealth.NotResponding, nowMs, "serial link error: " + ex.Message);
            }
        }

        // ---- input routing -------------------------------------------------------------------

        private void Pump(long nowMs)
        {
            for (int round = 0; round < MaxReadsPerStep; round++)
            {
                int n = _link.Read(_rx, 0, _rx.Length);
                if (n <= 0) return;
                if (n > _rx.Length) n = _rx.Length;
                for (int i = 0; i < n; i++)
                {
                    Route(_rx[i], nowMs);
                }
            }
        }

        private void Route(byte b, long nowMs)
        {
            if (_state == ScannerDriverState.Ready)
            {
                RouteReady(b, nowMs);
            }
            else if (IsConfiguring(_state))
            {
                ZoneReply reply = _parser.Feed(b);
                if (reply != null) OnReply(reply, nowMs);
            }
            // Idle / Failed: bytes are dropped.
        }

        private void RouteReady(byte b, long nowMs)
        {
            _missedHeartbeats = 0;
            _health = ScannerHealth.Ok;
            if (_readyCommand != ReadyNone && (_divertCount > 0 || !_framer.HasPartial))
            {
                _divert[_divertCount++] = b;
                ZoneReplyCheck check = ZoneFrames.CheckReply(_divert, 0, _divertCount);
                if (check == ZoneReplyCheck.NeedMore) return;
                if (check == ZoneReplyCheck.Complete)
                {
                    _divertCount = 0;
                    _readyCommand = ReadyNone;
                    _replyLate = false;
                    return;
                }
                // Not the reply after all: these bytes are scan data.
                _framer.Feed(_divert, 0, _divertCount, nowMs);
                _divertCount = 0;
                return;
            }
            _one[0] = b;
            _framer.Feed(_one, 0, 1, nowMs);
        }

        private static bool IsConfiguring(ScannerDriverState state)
        {
            return state == ScannerDriverState.Probing || state == ScannerDriverState.Reading
                || state == ScannerDriverState.Writing || state == ScannerDriverState.SwitchingBaud
                || state == ScannerDriverState.Saving;
        }

        // ---- configuration -------------------------------------------------------------------

        private void Begin(long nowMs)
        {
            _parser.Reset();
            _framer.ResetPartial();
            _divertCount = 0;
            _readyCommand = ReadyNone;
            _awaiting = false;
            _zoneTrigger = -1;
            _zoneEncoding = -1;
            _zoneTerminator = -1;
            _baudDivisor = -1;
            _baudCount = 0;
            AddBaud(_settings.BaudRate);
            AddBaud(_link.BaudRate);
            AddBaud(Gm65Zones.FactoryBaudRate);
            _baudIndex = 0;
            SetState(ScannerDriverState.Probing, nowMs);
            if (_link.BaudRate != _bauds[0]) _link.SetBaudRate(_bauds[0]);
            SendCommand(ZoneFrames.ReadZone(Gm65Zones.TriggerMode, 1, _settings.UseCrc), _settings.MaxAttempts, nowMs);
        }

        private void AddBaud(int baud)
        {
            if (!Gm65Zones.IsSupportedBaud(baud)) return;
            for (int i = 0; i < _baudCount; i++)
            {
                if (_bauds[i] == baud) return;
            }
            _bauds[_baudCount++] = baud;
        }

        private void OnReply(ZoneReply reply, long nowMs)
        {
            if (!_awaiting) return;
            switch (_state)
            {
                case ScannerDriverState.Probing:
                    if (reply.Length != 1) return;
                    _awaiting = false;
                    _zoneTrigger = reply.Data[0];
                    _moduleBaudRate = _link.BaudRate;
                    Info("scanner answered at " + _moduleBaudRate.ToString() + " baud");
                    StartReading(nowMs);
                    break;
                case ScannerDriverState.Reading:
                    if (reply.Length != _readCounts[_readIndex]) return;
                    _awaiting = false;
                    StoreZone(_readAddresses[_readIndex], reply.Data);
                    _readIndex++;
                    if (_readIndex < _readCount) SendRead(nowMs);
                    else Plan(nowMs);
                    break;
                case ScannerDriverState.Writing:
                    if (!reply.IsAck) return;
                    _awaiting = false;
                    _zoneWrites++;
                    bool wasBaud = _writeIsBaud[_writeIndex];
                    _writeIndex++;
                    if (wasBaud) SwitchBaud(nowMs);
                    else NextWrite(nowMs);
                    break;
                case ScannerDriverState.Saving:
                    if (!reply.IsAck) return;
                    _awaiting = false;
                    _flashSaves++;
                    EnterReady(nowMs, true);
                    break;
            }
        }

        private void OnTimeout(long nowMs)
        {
            if (_attempt < _maxAttempts)
            {
                _attempt++;
                _parser.Reset();
                _link.Write(_command, 0, _command.Length);
                _sentMs = nowMs;
                return;
            }
            _awaiting = false;
            switch (_state)
            {
                case ScannerDriverState.Probing:
                    _baudIndex++;
                    if (_baudIndex < _baudCount)
                    {
                        _link.SetBaudRate(_bauds[_baudIndex]);
                        _parser.Reset();
                        SendCommand(ZoneFrames.ReadZone(Gm65Zones.TriggerMode, 1, _settings.UseCrc), _settings.MaxAttempts, nowMs);
                    }
                    else
                    {
                        Fail(ScannerHealth.NotResponding, nowMs, "scanner not answering at any baud rate");
                    }
                    break;
                case ScannerDriverState.Writing:
                    if (_writeIsBaud[_writeIndex])
                    {
                        // The module may switch speed before (or instead of) acknowledging; the save at the new speed tells.
                        _zoneWrites++;
                        _writeIndex++;
                        SwitchBaud(nowMs);
                    }
                    else
                    {
                        Fail(ScannerHealth.ConfigFailed, nowMs, "zone write not acknowledged");
                    }
                    break;
                case ScannerDriverState.Reading:
                    Fail(ScannerHealth.ConfigFailed, nowMs, "zone read not answered");
                    break;
                case ScannerDriverState.Saving:
                    Fail(ScannerHealth.ConfigFailed, nowMs, "save to flash not acknowledged");
                    break;
            }
        }

        private void StartReading(long nowMs)
        {
            _readCount = 0;
            if (_settings.EncodingCode >= 0) AddRead(Gm65Zones.OutputEncoding, 1);
            AddRead(Gm65Zones.BaudRateLow, 2);
            AddRead(Gm65Zones.Terminator, 1);
            _readIndex = 0;
            SetState(ScannerDriverState.Reading, nowMs);
            SendRead(nowMs);
        }

        private void AddRead(int address, int count)
        {
            _readAddresses[_readCount] = address;
            _readCounts[_readCount] = count;
            _readCount++;
        }

        private void SendRead(long nowMs)
        {
            SendCommand(ZoneFrames.ReadZone(_readAddresses[_readIndex], _readCounts[_readIndex], _settings.UseCrc), _settings.MaxAttempts, nowMs);
        }

        private void StoreZone(int address, byte[] data)
        {
            if (address == Gm65Zones.OutputEncoding) _zoneEncoding = data[0];
            else if (address == Gm65Zones.BaudRateLow) _baudDivisor = data[0] | (data[1] << 8);
            else if (address == Gm65Zones.Terminator) _zoneTerminator = data[0];
        }

        private void Plan(long nowMs)
        {
            bool crc = _settings.UseCrc;
            _writeCount = 0;
            _writeIndex = 0;
            int trigger = (_zoneTrigger & ~Gm65Zones.TriggerModeMask) | (int)_settings.TriggerMode;
            if (trigger != _zoneTrigger) AddWrite(ZoneFrames.WriteZone(Gm65Zones.TriggerMode, (byte)trigger, crc), false);
            if (_settings.EncodingCode >= 0)
            {
                int encoding = (_zoneEncoding & ~Gm65Zones.OutputEncodingMask) | (_settings.EncodingCode << Gm65Zones.OutputEncodingShift);
                if (encoding != _zoneEncoding) AddWrite(ZoneFrames.WriteZone(Gm65Zones.OutputEncoding, (byte)encoding, crc), false);
            }
            int terminator = (_zoneTerminator & ~Gm65Zones.TerminatorMask) | ((int)_settings.Terminator << Gm65Zones.TerminatorShift);
            if (terminator != _zoneTerminator) AddWrite(ZoneFrames.WriteZone(Gm65Zones.Terminator, (byte)terminator, crc), false);
            int divisor = Gm65Zones.BaudDivisor(_settings.BaudRate);
            if (divisor != _baudDivisor)
            {
                byte[] value = new byte[] { (byte)divisor, (byte)(divisor >> 8) };
                AddWrite(ZoneFrames.WriteZone(Gm65Zones.BaudRateLow, value, 0, 2, crc), true);
            }
            if (_writeCount == 0)
            {
                EnterReady(nowMs, false);
                return;
            }
            Info("scanner: " + _writeCount.ToString() + " zone(s) differ from settings");
            SetState(ScannerDriverState.Writing, nowMs);
            NextWrite(nowMs);
        }

        private void AddWrite(byte[] frame, bool isBaud)
        {
            _writeFrames[_writeCount] = frame;
            _writeIsBaud[_writeCount] = isBaud;
            _writeCount++;
        }

        private void NextWrite(long nowMs)
        {
            if (_writeIndex < _writeCount)
            {
                // The baud write is sent once: a retry at the old speed would be noise to a module already at the new one.
                int attempts = _writeIsBaud[_writeIndex] ? 1 : _settings.MaxAttempts;
                SendCommand(_writeFrames[_writeIndex], attempts, nowMs);
            }
            else
            {
                StartSaving(nowMs);
            }
        }

        private void SwitchBaud(long nowMs)
        {
            SetState(ScannerDriverState.SwitchingBaud, nowMs);
            _link.SetBaudRate(_settings.BaudRate);
            _moduleBaudRate = _settings.BaudRate;
            _parser.Reset();
        }

        private void StartSaving(long nowMs)
        {
            SetState(ScannerDriverState.Saving, nowMs);
            SendCommand(ZoneFrames.SaveToFlash(_settings.UseCrc), _settings.MaxAttempts, nowMs);
        }

        private void SendCommand(byte[] frame, int attempts, long nowMs)
        {
            _command = frame;
            _attempt = 1;
            _maxAttempts = attempts;
            _sentMs = nowMs;
            _awaiting = true;
            _link.Write(frame, 0, frame.Length);
        }

        private void EnterReady(long nowMs, bool saved)
        {
            _awaiting = false;
            _parser.Reset();
            _framer.ResetPartial();
            _divertCount = 0;
            _readyCommand = ReadyNone;
            _missedHeartbeats = 0;
            _lastHeartbeatMs = nowMs;
            _health = ScannerHealth.Ok;
            _lastError = null;
            SetState(ScannerDriverState.Ready, nowMs);
            Info("scanner ready at " + _moduleBaudRate.ToString() + " baud" + (saved ? ", settings saved to module flash" : ", module already configured"));
        }

        private void Fail(ScannerHealth health, long nowMs, string reason)
        {
            // A link that keeps failing (a serial device gone) fails every step the same way: log it once.
            bool repeated = _state == ScannerDriverState.Failed && _health == health && reason == _lastError;
            _awaiting = false;
            _readyCommand = ReadyNone;
            _divertCount = 0;
            _health = health;
            _lastError = reason;
            if (repeated) return; // stays Failed since the first time: its retry delay still counts from then
            SetState(ScannerDriverState.Failed, nowMs);
            if (_log != null) _log.Write(LogLevel.Warning, "scanner failed: " + reason);
        }

        private void SetState(ScannerDriverState state, long nowMs)
        {
            _state = state;
            _stateSinceMs = nowMs;
        }

        private void Info(string message)
        {
            if (_log != null) _log.Write(LogLevel.Info, message);
        }

        // ---- ready: heartbeat and trigger ------------------------------------------------------

        private void ReadyStep(long nowMs)
        {
            _framer.Poll(nowMs);
            if (_readyCommand != ReadyNone && !_replyLate && nowMs - _readySentMs >= _settings.ReplyTimeoutMs)
            {
                // Counted as missed now; a late reply is still kept out of the scan stream for one more timeout.
                _replyLate = true;
                if (_readyCommand == ReadyHeartbeat)
                {
                    _missedHeartbeats++;
                    if (_missedHeartbeats >= _settings.MaxMissedHeartbeats && _health != ScannerHealth.NotResponding)
                    {
                        _health = ScannerHealth.NotResponding;
                        if (_log != null) _log.Write(LogLevel.Warning, "scanner: " + _missedHeartbeats.ToString() + " heartbeats missed");
                    }
                }
            }
            if (_readyCommand != ReadyNone && _replyLate && nowMs - _readySentMs >= 2L * _settings.ReplyTimeoutMs)
            {
                // Bytes held as a possible reply were a reply's beginning, never scan text: drop them.
                _divertCount = 0;
                _readyCommand = ReadyNone;
                _replyLate = false;
            }
            if (_readyCommand == ReadyNone && _settings.HeartbeatIntervalMs > 0
                && nowMs - _lastHeartbeatMs >= _settings.HeartbeatIntervalMs
                && !_framer.HasPartial && nowMs - _framer.LastByteMs >= 2 * _settings.IdleGapMs)
            {
                _lastHeartbeatMs = nowMs;
                _heartbeatsSent++;
                SendReadyCommand(ReadyHeartbeat, nowMs);
            }
        }

        private void SendReadyCommand(int command, long nowMs)
        {
            byte[] frame = command == ReadyHeartbeat ? ZoneFrames.Heartbeat(_settings.UseCrc) : ZoneFrames.TriggerOnce(_settings.UseCrc);
            _readyCommand = command;
            _readySentMs = nowMs;
            _replyLate = false;
            _divertCount = 0;
            _link.Write(frame, 0, frame.Length);
        }
    }
}
