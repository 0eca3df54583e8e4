using System;
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
    /// (Ready → AwaitingVerdict → Ready on a verdict or on each scan's own timeout's offline fallback).
    /// Every record goes through the offline queue first and leaves it only on the gateway's
    /// verdict/ack, so a scan survives Wi-Fi loss, gateway loss and reboot. Live and replayed
    /// records share one send window of <see cref="MaxInFlight"/> records (the oldest pending ones,
    /// first sent in sequence order); a record without an ack is re-sent with a doubling delay.
    /// Thread-safe: scans, messages and ticks may come from different threads.
    /// </summary>
    public sealed class NodeController
    {
        public const long InitialBackoffMs = 1000;
        public const long MaxBackoffMs = 60000;
        /// <summary>A published record with no ack after this long is published again; the delay doubles per re-send up to <see cref="MaxResendAfterMs"/>.</summary>
        public const long ResendAfterMs = 15000;
        public const long MaxResendAfterMs = 30000;
        /// <summary>Records published and not yet acknowledged, live and replayed together.</summary>
        public const int MaxInFlight = 16;
        /// <summary>Scans waiting for their verdict at once, each with its own deadline; a further scan resolves the oldest by the offline fallback.</summary>
        public const int MaxAwaiting = 8;

        private readonly object _sync = new object();
        private readonly NodeConfig _config;
        private readonly NodeParts _parts;
        private readonly QrDebouncer _debouncer;
        // The send window: published, unacknowledged queued records (parallel arrays, no object per record).
        private readonly uint[] _windowSeq = new uint[MaxInFlight];
        private readonly long[] _windowDueAt = new long[MaxInFlight];
        private readonly int[] _windowSends = new int[MaxInFlight];
        private int _windowCount;
        // Scans waiting for their verdict, oldest first, each with its own deadline.
        private readonly uint[] _awaitSeq = new uint[MaxAwaiting];
        private readonly QrKind[] _awaitKind = new QrKind[MaxAwaiting];
        private readonly long[] _awaitDeadline = new long[MaxAwaiting];
        private int _awaitCount;
        private readonly VerdictMessage _verdict = new VerdictMessage();
        private readonly QueuedRecord _replayRecord = new QueuedRecord();
        private readonly PresenceRecord[] _presenceBuffer = new PresenceRecord[PresencePayload.MaxRecords];
        private readonly string _upTopic;
        private readonly string _verdictTopic;
        private readonly string _statusTopic;

        private LinkState _link = LinkState.Offline;
        private long _backoffMs = InitialBackoffMs;
        private long _nextConnectAt;
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

        public DoorState Door { get { lock (_sync) { return _awaitCount > 0 ? DoorState.AwaitingVerdict : DoorState.Ready; } } }

        public int QueueDepth { get { lock (_sync) { return _parts.Queue.PendingCount; } } }

        /// <summary>Records in the send window (published, not yet acknowledged): never more than <see cref="MaxInFlight"/>.</summary>
        public int InFlight { get { lock (_sync) { return _windowCount; } } }

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
        /// <summary>Queued records skipped (acknowledged locally) because they could no longer be read; reported in the status frame.</summary>
        public int UnreadableRecords;

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
                // Published at once only when it is next in line: the window has room and every older pending record
                // has been sent, so first arrivals at the gateway stay in sequence order. Otherwise it waits its turn in
                // the queue and the door shows the offline fallback now (the frame says so). A replay pass first sends
                // what fits of an unsent backlog (e.g. a presence batch queued since the last tick).
                if (_link == LinkState.Online && _parts.Mqtt.IsConnected) Replay(now);
                else PruneWindow();
                bool online = _link == LinkState.Online && _parts.Mqtt.IsConnected;
                bool sendNow = online && _windowCount < MaxInFlight && _windowCount == _parts.Queue.PendingCount;

                CheckinMessage message = NewMessage(CheckinKind.QrScan);
                message.OfflineVerdict = !sendNow;
                message.SetPayload(QrPayload.Encode(info.Kind, data, offset, count));
                byte[] frame = WireCodec.EncodeCheckin(message);
                bool stored = _parts.Queue.Enqueue(QueueRecordClass.QrCheckin, message.Sequence, frame, 0, frame.Length);
                if (!stored)
                {
                    _parts.Log.Write(LogLevel.Error, "queue refused QR check-in seq " + message.Sequence);
                }
                ScansAccepted++;
                _parts.Log.Write(LogLevel.Info, "scan seq " + message.Sequence + " " + info.ToLogString());

                if (sendNow && Publish(frame, now))
                {
                    // A record the queue could not store is still sent once for the visitor's verdict, outside the window.
                    if (stored)
                    {
                        PruneWindow(); // the enqueue may have dropped an old record that held a slot
                        AddToWindow(message.Sequence, now);
                    }
                    AddAwaiting(message.Sequence, info.Kind, now);
                    _parts.Indicator.Show(NodeSignal.Busy);
                }
                else
                {
                    if (online && !sendNow)
                    {
                        _parts.Log.Write(LogLevel.Warning, "scan seq " + message.Sequence + " waits behind older queued records (" + _windowCount + " in flight): offline fallback");
                    }
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
                ExpireAwaiting(now);
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
                status.UnreadableRecords = (uint)UnreadableRecords;
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
                    _windowCount = 0;
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
            _windowCount = 0;
            _nextConnectAt = now + _backoffMs;
            _backoffMs = _backoffMs * 2 > MaxBackoffMs ? MaxBackoffMs : _backoffMs * 2;
        }

        /// <summary>
        /// Walks the pending records oldest first: re-sends window records whose delay is up, then fills the window
        /// with the next records never sent on this connection. The window always holds the oldest records sent, so
        /// the walk stops at the first unsent record once the window is full. An unreadable record is skipped
        /// (acknowledged locally, counted, reported in the status frame); a storage read error stops this pass.
        /// </summary>
        private void Replay(long now)
        {
            PruneWindow();
            OfflineQueue queue = _parts.Queue;
            int i = 0;
            while (i < queue.PendingCount)
            {
                uint sequence = queue.PendingSequence(i);
                int slot = FindInWindow(sequence);
                if (slot >= 0)
                {
                    if (now < _windowDueAt[slot])
                    {
                        i++;
                        continue;
                    }
                }
                else if (_windowCount >= MaxInFlight)
                {
                    break;
                }
                int read = queue.ReadPending(i, _replayRecord);
                if (read == QueueReadResult.Unreadable)
                {
                    SkipUnreadable(sequence);
                    if (queue.PendingCount > i && queue.PendingSequence(i) == sequence) i++;
                    continue;
                }
                if (read != QueueReadResult.Ok) break;
                byte[] frame = _replayRecord.CopyFrame();
                if (frame.Length > 1) frame[1] = (byte)(frame[1] | WireFormat.FlagReplayed);
                if (!Publish(frame, now)) return;
                if (slot >= 0)
                {
                    _windowSends[slot]++;
                    _windowDueAt[slot] = now + ResendDelay(_windowSends[slot]);
                }
                else
                {
                    AddToWindow(sequence, now);
                }
                i++;
            }
        }

        private void SkipUnreadable(uint sequence)
        {
            UnreadableRecords++;
            _statusDue = true;
            _parts.Log.Write(LogLevel.Error, "queued record seq " + sequence + " is unreadable (corrupt on storage): skipped");
            RemoveFromWindow(sequence);
            _parts.Queue.Ack(sequence);
        }

        /// <summary>Publishes an up frame; a refused publish means the link is gone (Backoff, window emptied).</summary>
        private bool Publish(byte[] frame, long now)
        {
            if (!_parts.Mqtt.Publish(_upTopic, frame, false))
            {
                EnterBackoff(now);
                return false;
            }
            return true;
        }

        /// <summary>Delay before the next re-send after <paramref name="sends"/> sends: 15 s, then 30 s.</summary>
        public static long ResendDelay(int sends)
        {
            long delay = ResendAfterMs;
            for (int k = 1; k < sends && delay < MaxResendAfterMs; k++) delay *= 2;
            return delay > MaxResendAfterMs ? MaxResendAfterMs : delay;
        }

        // ----- send window -----

        private int FindInWindow(uint sequence)
        {
            for (int k = 0; k < _windowCount; k++)
            {
                if (_windowSeq[k] == sequence) return k;
            }
            return -1;
        }

        private void AddToWindow(uint sequence, long now)
        {
            if (_windowCount >= MaxInFlight || FindInWindow(sequence) >= 0) return;
            _windowSeq[_windowCount] = sequence;
            _windowSends[_windowCount] = 1;
            _windowDueAt[_windowCount] = now + ResendDelay(1);
            _windowCount++;
        }

        private void RemoveFromWindow(uint sequence)
        {
            int slot = FindInWindow(sequence);
            if (slot >= 0) RemoveWindowAt(slot);
        }

        private void RemoveWindowAt(int slot)
        {
            _windowCount--;
            _windowSeq[slot] = _windowSeq[_windowCount];
            _windowSends[slot] = _windowSends[_windowCount];
            _windowDueAt[slot] = _windowDueAt[_windowCount];
        }

        /// <summary>
        /// A verdict arrived, so the gateway answers again: records that already missed a verdict (re-sent at least
        /// once, now waiting out their longer delay) are sent on the next tick instead, once each (their send count
        /// starts over, so a further verdict does not hurry them again until they miss one more).
        /// </summary>
        private void HurryWindow(long now)
        {
            for (int k = 0; k < _windowCount; k++)
            {
                if (_windowSends[k] < 2) continue;
                _windowSends[k] = 0;
                _windowDueAt[k] = now;
            }
        }

        /// <summary>Frees the slots of records that left the queue without an ack here (dropped by the overflow policy).</summary>
        private void PruneWindow()
        {
            for (int k = _windowCount - 1; k >= 0; k--)
            {
                if (!_parts.Queue.IsPending(_windowSeq[k])) RemoveWindowAt(k);
            }
        }

        // ----- scans waiting for their verdict -----

        private void AddAwaiting(uint sequence, QrKind kind, long now)
        {
            if (_awaitCount == MaxAwaiting)
            {
                _parts.Log.Write(LogLevel.Warning, "no verdict yet for seq " + _awaitSeq[0] + " and " + MaxAwaiting + " scans waiting: offline fallback");
                QrKind oldest = _awaitKind[0];
                RemoveAwaitingAt(0);
                ShowOfflineVerdict(oldest);
            }
            _awaitSeq[_awaitCount] = sequence;
            _awaitKind[_awaitCount] = kind;
            _awaitDeadline[_awaitCount] = now + _config.VerdictTimeoutMs;
            _awaitCount++;
        }

        private int FindAwaiting(uint sequence)
        {
            for (int k = 0; k < _awaitCount; k++)
            {
                if (_awaitSeq[k] == sequence) return k;
            }
            return -1;
        }

        private void RemoveAwaitingAt(int index)
        {
            for (int k = index + 1; k < _awaitCount; k++)
            {
                _awaitSeq[k - 1] = _awaitSeq[k];
                _awaitKind[k - 1] = _awaitKind[k];
                _awaitDeadline[k - 1] = _awaitDeadline[k];
            }
            _awaitCount--;
        }

        /// <summary>Each scan keeps its own deadline: a later scan never postpones an earlier scan's offline fallback.</summary>
        private void ExpireAwaiting(long now)
        {
            int k = 0;
            while (k < _awaitCount)
            {
                if (now < _awaitDeadline[k])
                {
                    k++;
                    continue;
                }
                _parts.Log.Write(LogLevel.Warning, "no verdict for seq " + _awaitSeq[k] + " within " + _config.VerdictTimeoutMs + " ms: offline fallback");
                QrKind kind = _awaitKind[k];
                RemoveAwaitingAt(k);
                ShowOfflineVerdict(kind);
            }
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
                RemoveFromWindow(_verdict.Sequence);
                HurryWindow(_parts.Clock.UptimeMs);
                int waiting = FindAwaiting(_verdict.Sequence);
                if (waiting >= 0)
                {
                    RemoveAwaitingAt(waiting);
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
