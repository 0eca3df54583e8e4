using System;
using System.Collections;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Controller
{
    /// <summary>
    /// The node's behaviour as two explicit state machines driven by <see cref="Tick"/>:
    /// the MQTT link (Offline → Connecting → Online, Backoff on failure) and the door
    /// (Ready → AwaitingVerdict → Ready on a verdict or on the timeout's offline fallback).
    /// Every record goes through the offline queue first and leaves it only on the gateway's
    /// verdict/ack, so a scan survives Wi-Fi loss, gateway loss and reboot.
    /// Thread-safe: scans, messages and ticks may come from different threads.
    /// </summary>
    public sealed class NodeController
    {
        public const long InitialBackoffMs = 1000;
        public const long MaxBackoffMs = 60000;
        /// <summary>A published record with no ack after this long is published again.</summary>
        public const long ResendAfterMs = 15000;
        public const int MaxInFlight = 16;

        private readonly object _sync = new object();
        private readonly NodeConfig _config;
        private readonly NodeParts _parts;
        private readonly QrDebouncer _debouncer;
        private readonly Hashtable _inFlight = new Hashtable(); // sequence (uint boxed) -> sent-at uptime (long boxed)
        private readonly VerdictMessage _verdict = new VerdictMessage();
        private readonly QueuedRecord _replayRecord = new QueuedRecord();
        private readonly PresenceRecord[] _presenceBuffer = new PresenceRecord[PresencePayload.MaxRecords];
        private readonly string _upTopic;
        private readonly string _verdictTopic;
        private readonly string _statusTopic;

        private LinkState _link = LinkState.Offline;
        private DoorState _door = DoorState.Ready;
        private long _backoffMs = InitialBackoffMs;
        private long _nextConnectAt;
        private uint _awaitingSequence;
        private QrKind _awaitingKind;
        private long _verdictDeadline;
        private long _nextPresenceFlushAt;
        private long _nextStatusAt;
        private bool _statusDue = true;
        private ScannerHealth _scannerHealth = ScannerHealth.Unknown;

        public NodeController(NodeConfig config, NodeParts parts)
        {
            if (config == null) throw new ArgumentNullException("config");
            if (parts == null || parts.Mqtt == null || parts.Clock == null || parts.Indicator == null || parts.Log == null || parts.Queue == null)
            {
                throw new ArgumentException("mqtt, clock, indicator, log and queue are required", "parts");
            }
            string error = config.Validate();
            if (error != null) throw new ArgumentException("invalid node config: " + error, "config");
            _config = config;
            _parts = parts;
            _debouncer = new QrDebouncer(config.DebounceMs);
            _upTopic = Topics.Up(config.NodeId);
            _verdictTopic = Topics.Verdict(config.NodeId);
            _statusTopic = Topics.Status(config.NodeId);
            parts.Mqtt.MessageReceived += OnMqttMessage;
            long now = parts.Clock.UptimeMs;
            _nextPresenceFlushAt = now + (long)config.PresenceFlushSeconds * 1000;
            _nextStatusAt = now;
        }

        public LinkState Link { get { lock (_sync) { return _link; } } }

        public DoorState Door { get { lock (_sync) { return _door; } } }

        public int QueueDepth { get { lock (_sync) { return _parts.Queue.PendingCount; } } }

        public int InFlight { get { lock (_sync) { return _inFlight.Count; } } }

        /// <summary>Counters for the status report and tests.</summary>
        public int ScansAccepted;
        public int ScansDebounced;
        /// <summary>Scans longer than the wire format's 2,048 bytes: refused, never cut.</summary>
        public int RejectedScans;
        public int VerdictsReceived;
        /// <summary>Storage acknowledgements for presence and status records.</summary>
        public int AcksReceived;
        public int OfflineVerdicts;
        public int RejectedFrames;

        public ScannerHealth ScannerHealth
        {
            get { lock (_sync) { return _scannerHealth; } }
            set { lock (_sync) { _scannerHealth = value; } }
        }

        /// <summary>A complete scan from the QR framer. Returns the sequence number given to it (0 when debounced or rejected).</summary>
        public uint OnScan(byte[] data, int offset, int count)
        {
            lock (_sync)
            {
                long now = _parts.Clock.UptimeMs;
                if (count > QrPayload.MaxScanBytes)
                {
                    // Never cut a scan silently: the visitor is asked to scan again.
                    RejectedScans++;
                    _parts.Log.Write(LogLevel.Warning, "scan of " + count + " bytes is longer than " + QrPayload.MaxScanBytes + ": rejected");
                    _parts.Indicator.Show(NodeSignal.Error);
                    return 0;
                }
                string text = Utf8.Decode(data, offset, count);
                if (_debouncer.IsRepeat(text, now))
                {
                    ScansDebounced++;
                    return 0;
                }
                QrInfo info = QrClassifier.Classify(text);
                bool online = _link == LinkState.Online && _parts.Mqtt.IsConnected;

                CheckinMessage message = NewMessage(CheckinKind.QrScan);
                message.OfflineVerdict = !online;
                message.SetPayload(QrPayload.Encode(info.Kind, data, offset, count));
                byte[] frame = WireCodec.EncodeCheckin(message);
                if (!_parts.Queue.Enqueue(QueueRecordClass.QrCheckin, message.Sequence, frame, 0, frame.Length))
                {
                    _parts.Log.Write(LogLevel.Error, "queue refused QR check-in seq " + message.Sequence);
                }
                ScansAccepted++;
                _parts.Log.Write(LogLevel.Info, "scan seq " + message.Sequence + " " + info.ToLogString());

                if (online && Send(message.Sequence, frame, now))
                {
                    _door = DoorState.AwaitingVerdict;
                    _awaitingSequence = message.Sequence;
                    _awaitingKind = info.Kind;
                    _verdictDeadline = now + _config.VerdictTimeoutMs;
                    _parts.Indicator.Show(NodeSignal.Busy);
                }
                else
                {
                    ShowOfflineVerdict(info.Kind);
                }
                return message.Sequence;
            }
        }

        /// <summary>A BLE advertisement from the scanner seam.</summary>
        public void OnAdvertisement(byte[] address, int rssi, byte[] data, int offset, int count)
        {
            PresenceTable presence = _parts.Presence;
            if (presence == null) return;
            lock (_sync)
            {
                presence.Observe(address, rssi, data, offset, count, _parts.Clock.UtcNowMs);
            }
        }

        /// <summary>Drives timeouts, the link state machine, queue replay, presence flush and status. Call every 10-50 ms.</summary>
        public void Tick()
        {
            lock (_sync)
            {
                long now = _parts.Clock.UptimeMs;
                StepLink(now);
                if (_door == DoorState.AwaitingVerdict && now >= _verdictDeadline)
                {
                    _parts.Log.Write(LogLevel.Warning, "no verdict for seq " + _awaitingSequence + " within " + _config.VerdictTimeoutMs + " ms: offline fallback");
                    _door = DoorState.Ready;
                    ShowOfflineVerdict(_awaitingKind);
                }
                if (_parts.Presence != null && now >= _nextPresenceFlushAt)
                {
                    _nextPresenceFlushAt = now + (long)_config.PresenceFlushSeconds * 1000;
                    FlushPresence(false);
                }
                if (_link == LinkState.Online)
                {
                    Replay(now);
                    if (_statusDue || now >= _nextStatusAt)
                    {
                        PublishStatus(now);
                    }
                }
            }
        }

        /// <summary>Moves everything in the presence table into queued presence batches (e.g. before a reboot).</summary>
        public void FlushPresence(bool all)
        {
            lock (_sync)
            {
                PresenceTable presence = _parts.Presence;
                if (presence == null) return;
                long nowUtc = _parts.Clock.UtcNowMs;
                long idle = (long)_config.PresenceFlushSeconds * 1000;
                while (true)
                {
                    int n = all ? presence.FlushAll(_presenceBuffer) : presence.Flush(nowUtc, idle, _presenceBuffer);
                    if (n == 0) break;
                    CheckinMessage message = NewMessage(CheckinKind.PresenceBatch);
                    message.SetPayload(PresencePayload.Encode(_presenceBuffer, n, message.TimestampMs));
                    byte[] frame = WireCodec.EncodeCheckin(message);
                    _parts.Queue.Enqueue(QueueRecordClass.Presence, message.Sequence, frame, 0, frame.Length);
                    if (n < _presenceBuffer.Length) break;
                }
            }
        }

        /// <summary>The status report this node would publish now.</summary>
        public NodeStatus BuildStatus(bool online)
        {
            lock (_sync)
            {
                NodeStatus status = new NodeStatus();
                status.Online = online;
                status.FirmwareVersion = _parts.FirmwareVersion;
                status.UptimeSeconds = (uint)(_parts.Clock.UptimeMs / 1000);
                status.QueueDepth = (uint)_parts.Queue.PendingCount;
                status.Scanner = _scannerHealth;
                if (_parts.System != null)
                {
                    status.FreeMemoryBytes = _parts.System.FreeMemoryBytes;
                    status.WifiRssi = _parts.System.WifiRssi;
                }
                return status;
            }
        }

        /// <summary>The retained last-will frame a host registers with its MQTT adapter at connect.</summary>
        public static byte[] BuildLastWill(NodeConfig config, string firmwareVersion)
        {
            NodeStatus status = new NodeStatus();
            status.Online = false;
            status.FirmwareVersion = firmwareVersion;
            CheckinMessage message = new CheckinMessage();
            message.Kind = CheckinKind.Status;
            message.Direction = config.Direction;
            message.NodeId = config.NodeId;
            message.Sequence = 0;
            message.TimestampMs = 0;
            message.SetPayload(StatusPayload.Encode(status));
            return WireCodec.EncodeCheckin(message);
        }

        private void StepLink(long now)
        {
            if (_link == LinkState.Online && !_parts.Mqtt.IsConnected)
            {
                _parts.Log.Write(LogLevel.Warning, "broker connection lost");
                EnterBackoff(now);
            }
            if ((_link == LinkState.Offline || _link == LinkState.Backoff) && now >= _nextConnectAt)
            {
                _link = LinkState.Connecting;
                bool connected = false;
                try
                {
                    connected = _parts.Mqtt.Connect() && _parts.Mqtt.Subscribe(_verdictTopic);
                }
                catch (Exception ex)
                {
                    _parts.Log.Write(LogLevel.Warning, "connect failed: " + ex.Message);
                }
                if (connected)
                {
                    _link = LinkState.Online;
                    _backoffMs = InitialBackoffMs;
                    _inFlight.Clear();
                    _statusDue = true;
                    _parts.Log.Write(LogLevel.Info, "online; " + _parts.Queue.PendingCount + " queued record(s) to send");
                }
                else
                {
                    EnterBackoff(now);
                }
            }
        }

        private void EnterBackoff(long now)
        {
            _link = LinkState.Backoff;
            _inFlight.Clear();
            _nextConnectAt = now + _backoffMs;
            _backoffMs = _backoffMs * 2 > MaxBackoffMs ? MaxBackoffMs : _backoffMs * 2;
        }

        private void Replay(long now)
        {
            int pending = _parts.Queue.PendingCount;
            for (int i = 0; i < pending && _inFlight.Count < MaxInFlight; i++)
            {
                if (!_parts.Queue.TryGetPending(i, _replayRecord)) break;
                QueuedRecord record = _replayRecord;
                object sentAt = _inFlight[record.Sequence];
                if (sentAt != null && now - (long)sentAt < ResendAfterMs) continue;
                byte[] frame = record.CopyFrame();
                if (sentAt == null && frame.Length > 1)
                {
                    frame[1] = (byte)(frame[1] | WireFormat.FlagReplayed);
                }
                if (!Send(record.Sequence, frame, now)) break;
            }
        }

        private bool Send(uint sequence, byte[] frame, long now)
        {
            if (!_parts.Mqtt.Publish(_upTopic, frame, false))
            {
                EnterBackoff(now);
                return false;
            }
            _inFlight[sequence] = now;
            return true;
        }

        private void PublishStatus(long now)
        {
            _statusDue = false;
            _nextStatusAt = now + (long)_config.StatusIntervalSeconds * 1000;
            NodeStatus status = BuildStatus(true);
            CheckinMessage message = NewMessageWithoutSequence(CheckinKind.Status);
            message.SetPayload(StatusPayload.Encode(status));
            _parts.Mqtt.Publish(_statusTopic, WireCodec.EncodeCheckin(message), true);
        }

        private void OnMqttMessage(string topic, byte[] payload)
        {
            if (topic != _verdictTopic) return;
            lock (_sync)
            {
                DecodeError error = WireCodec.DecodeVerdict(payload, 0, payload == null ? 0 : payload.Length, _verdict);
                if (error != DecodeError.None)
                {
                    RejectedFrames++;
                    _parts.Log.Write(LogLevel.Warning, "bad verdict frame: " + WireCodec.DescribeError(error));
                    return;
                }
                if (_verdict.Result == VerdictResult.Ack) AcksReceived++;
                else VerdictsReceived++;
                _parts.Queue.Ack(_verdict.Sequence);
                _inFlight.Remove(_verdict.Sequence);
                if (_door == DoorState.AwaitingVerdict && _verdict.Sequence == _awaitingSequence)
                {
                    _door = DoorState.Ready;
                    _parts.Indicator.Show(SignalFor(_verdict.Result));
                    _parts.Log.Write(LogLevel.Info, "verdict seq " + _verdict.Sequence + ": " + ResultName(_verdict.Result) + " reason " + (int)_verdict.Reason);
                }
            }
        }

        private void ShowOfflineVerdict(QrKind kind)
        {
            OfflineVerdicts++;
            bool pass;
            if (_config.OfflinePolicy == OfflinePolicy.PassAll) pass = true;
            else if (_config.OfflinePolicy == OfflinePolicy.FailAll) pass = false;
            else pass = IsRecognised(kind);
            _parts.Indicator.Show(pass ? NodeSignal.OfflinePass : NodeSignal.OfflineFail);
        }

        /// <summary>Kinds the offline fallback lets through under <see cref="OfflinePolicy.PassRecognised"/>.</summary>
        public static bool IsRecognised(QrKind kind)
        {
            return kind == QrKind.ChipIdCard || kind == QrKind.UnifiedPersonal || kind == QrKind.HealthInsurance
                || kind == QrKind.EuDcc || kind == QrKind.NzCovidPass;
        }

        private static NodeSignal SignalFor(VerdictResult result)
        {
            if (result == VerdictResult.Pass) return NodeSignal.Pass;
            if (result == VerdictResult.Fail) return NodeSignal.Fail;
            return NodeSignal.Error;
        }

        private static string ResultName(VerdictResult result)
        {
            switch (result)
            {
                case VerdictResult.Pass: return "pass";
                case VerdictResult.Fail: return "fail";
                case VerdictResult.Ack: return "ack";
                default: return "error";
            }
        }

        private CheckinMessage NewMessage(CheckinKind kind)
        {
            CheckinMessage message = NewMessageWithoutSequence(kind);
            message.Sequence = _parts.Queue.NextSequence();
            return message;
        }

        private CheckinMessage NewMessageWithoutSequence(CheckinKind kind)
        {
            CheckinMessage message = new CheckinMessage();
            message.Kind = kind;
            message.Direction = _config.Direction;
            message.NodeId = _config.NodeId;
            message.TimestampMs = _parts.Clock.UtcNowMs;
            return message;
        }
    }
}
