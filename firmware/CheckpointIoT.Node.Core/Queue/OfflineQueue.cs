using System;
using System.Collections;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>
    /// Crash-safe offline queue of encoded check-in frames: an append-only log of CRC-protected records in
    /// segments over <see cref="IQueueStorage"/>. Enqueue is durable when it returns; acknowledgements are small
    /// appended records; a segment is deleted once it is the oldest and holds nothing pending; a mostly dead oldest
    /// segment is compacted by copying its pending records forward. Replay order is ascending sequence.
    /// See Queue/README.md for the format, the overflow policy and the crash-safety argument. Thread-safe.
    /// </summary>
    public sealed class OfflineQueue
    {
        private const int SegmentHeaderRecordBytes = QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes;

        private readonly object _sync = new object();
        private readonly IQueueStorage _storage;
        private readonly int _maxBytes;
        private readonly int _segmentBytes;
        private readonly int _maxRecordBytes;
        private readonly int _maxRecords;
        private readonly byte[] _scratch;
        private readonly byte[] _control = new byte[QueueFormat.HeaderBytes];
        // Separate from _control: a rollover writes the header while an ack/drop record waits in _control.
        private readonly byte[] _segmentHeader = new byte[SegmentHeaderRecordBytes];
        private readonly ArrayList _segments = new ArrayList();
        private QueueSegment _active;
        private int _nextSegmentId;
        private bool _rollBeforeNextAppend;
        private bool _open;

        // Pending records, sorted by sequence (parallel arrays: no object per record).
        private uint[] _pSeq = new uint[0];
        private int[] _pSegment = new int[0];
        private int[] _pPosition = new int[0];
        private int[] _pLength = new int[0];
        private byte[] _pClass = new byte[0];
        private int _pCount;
        private long _pendingBytes;
        private long _storageBytes;
        private uint _lastSequence;
        // Highest sequence known to be on storage (a record, a segment header or a drop mark carries it).
        private uint _durableSequence;

        private int _dropped;
        private int _droppedQr;
        private int _writeErrors;
        private int _relocated;
        private long _truncatedBytes;
        private int _corruptSegments;

        public OfflineQueue(IQueueStorage storage, QueueOptions options)
        {
            if (storage == null) throw new ArgumentNullException("storage");
            if (options == null) throw new ArgumentNullException("options");
            options.Validate();
            _storage = storage;
            _maxBytes = options.MaxBytes;
            _segmentBytes = options.SegmentBytes;
            _maxRecordBytes = options.MaxRecordBytes;
            _maxRecords = options.MaxRecords;
            _scratch = new byte[QueueFormat.HeaderBytes + (_maxRecordBytes > QueueFormat.SegmentHeaderPayloadBytes ? _maxRecordBytes : QueueFormat.SegmentHeaderPayloadBytes)];
        }

        /// <summary>
        /// Highest sequence ever given to <see cref="Enqueue"/>, stored or not (a refused or failed enqueue uses its
        /// sequence up too: the frame may have been published). Survives reboot and a full drain.
        /// </summary>
        public uint LastSequence { get { lock (_sync) { return _lastSequence; } } }

        public int PendingCount { get { lock (_sync) { return _pCount; } } }

        /// <summary>Header + payload bytes of the pending records (what <see cref="QueueOptions.MaxBytes"/> bounds).</summary>
        public long PendingBytes { get { lock (_sync) { return _pendingBytes; } } }

        /// <summary>Bytes of all segments on storage.</summary>
        public long StorageBytes { get { lock (_sync) { return _storageBytes; } } }

        public int SegmentCount { get { lock (_sync) { return _segments.Count; } } }

        public bool IsOpen { get { lock (_sync) { return _open; } } }

        /// <summary>Records given up by the overflow policy since <see cref="Open"/> (QR ones included).</summary>
        public int Dropped { get { lock (_sync) { return _dropped; } } }

        /// <summary>QR check-ins given up since <see cref="Open"/>.</summary>
        public int DroppedQr { get { lock (_sync) { return _droppedQr; } } }

        /// <summary>Storage writes that failed (the operation reported false or the ack stays in memory only).</summary>
        public int WriteErrors { get { lock (_sync) { return _writeErrors; } } }

        /// <summary>Pending records copied forward by compaction since <see cref="Open"/>.</summary>
        public int Relocated { get { lock (_sync) { return _relocated; } } }

        /// <summary>Bytes of torn tail cut off by the last <see cref="Open"/>.</summary>
        public long TruncatedBytes { get { lock (_sync) { return _truncatedBytes; } } }

        /// <summary>Older segments with an unreadable record found by the last <see cref="Open"/> (the rest of such a segment is skipped).</summary>
        public int CorruptSegments { get { lock (_sync) { return _corruptSegments; } } }

        /// <summary>
        /// Recovery scan: reads every segment, validates every record, cuts a torn tail off the newest segment,
        /// rebuilds the pending set and <see cref="LastSequence"/>, then applies limits and compaction.
        /// Storage exceptions propagate (the node then runs without a queue).
        /// </summary>
        public void Open()
        {
            lock (_sync)
            {
                _open = false;
                _segments.Clear();
                _active = null;
                _rollBeforeNextAppend = false;
                _pCount = 0;
                _pendingBytes = 0;
                _storageBytes = 0;
                _lastSequence = 0;
                _dropped = 0;
                _droppedQr = 0;
                _writeErrors = 0;
                _relocated = 0;
                _truncatedBytes = 0;
                _corruptSegments = 0;

                int[] ids = SortedPositive(_storage.ListSegments());
                for (int k = 0; k < ids.Length; k++)
                {
                    QueueSegment segment = new QueueSegment(ids[k], _storage.Length(ids[k]));
                    _segments.Add(segment);
                    ScanSegment(segment, k == ids.Length - 1);
                    _storageBytes += segment.Length;
                }

                if (_segments.Count == 0)
                {
                    _nextSegmentId = 1;
                    _active = AddSegment();
                }
                else
                {
                    _active = (QueueSegment)_segments[_segments.Count - 1];
                    _nextSegmentId = _active.Id + 1;
                }
                if (_active.Length == 0) WriteSegmentHeader(_active);
                _durableSequence = _lastSequence;
                _open = true;

                while (_pCount > 0 && (_pendingBytes > _maxBytes || _pCount > _maxRecords))
                {
                    int victim = OldestDroppable();
                    DropAt(victim >= 0 ? victim : 0);
                }
                Maintain();
            }
        }

        /// <summary>
        /// The sequence number for the next record: <see cref="LastSequence"/> + 1. Never one given to Enqueue before,
        /// even when that Enqueue failed (persisted by the record, or by a drop mark written as soon as storage takes it).
        /// </summary>
        public uint NextSequence()
        {
            lock (_sync)
            {
                return _lastSequence + 1;
            }
        }

        /// <summary>
        /// Appends one record; durable when it returns true. False when the sequence is already pending, when the
        /// overflow policy refuses it (a presence/status record that would need a QR check-in dropped), or when storage
        /// failed (counted in <see cref="WriteErrors"/>). A refused or failed sequence is used up all the same:
        /// <see cref="NextSequence"/> moves past it and a drop mark records it on storage (now, or with the next write
        /// that succeeds), so it is never handed out again, not even after a reboot.
        /// </summary>
        public bool Enqueue(int recordClass, uint sequence, byte[] frame, int offset, int count)
        {
            if (!QueueRecordClass.IsValid(recordClass)) throw new ArgumentOutOfRangeException("recordClass");
            if (frame == null) throw new ArgumentNullException("frame");
            if (offset < 0 || count < 0 || count > frame.Length - offset) throw new ArgumentOutOfRangeException("count");
            if (count > _maxRecordBytes) throw new ArgumentOutOfRangeException("count", "frame longer than QueueOptions.MaxRecordBytes");
            lock (_sync)
            {
                EnsureOpen();
                if (FindPending(sequence) >= 0) return false;
                // Used up from here on, stored or not: the caller may publish the frame whatever happens here.
                if (sequence > _lastSequence) _lastSequence = sequence;
                int size = QueueFormat.RecordBytes(count);
                if (!MakeRoom(recordClass, size))
                {
                    _dropped++;
                    PersistSequenceMark();
                    return false;
                }
                Array.Copy(frame, offset, _scratch, QueueFormat.HeaderBytes, count);
                QueueFormat.WriteHeader(_scratch, 0, recordClass, sequence, count);
                QueueSegment segment;
                int position;
                if (!AppendRecord(_scratch, size, out segment, out position))
                {
                    PersistSequenceMark();
                    return false;
                }
                InsertPending(sequence, recordClass, segment, position, count);
                if (sequence > _durableSequence) _durableSequence = sequence;
                PersistSequenceMark();
                Maintain();
                return true;
            }
        }

        /// <summary>Marks the record delivered. Idempotent; unknown sequences are ignored (returns false).</summary>
        public bool Ack(uint sequence)
        {
            lock (_sync)
            {
                EnsureOpen();
                int index = FindPending(sequence);
                if (index < 0) return false;
                WriteControl(QueueFormat.KindAck, sequence);
                RemovePendingAt(index);
                PersistSequenceMark();
                Maintain();
                return true;
            }
        }

        /// <summary>Sequence of the index-th pending record (0 = oldest).</summary>
        public uint PendingSequence(int index)
        {
            lock (_sync)
            {
                if (index < 0 || index >= _pCount) throw new ArgumentOutOfRangeException("index");
                return _pSeq[index];
            }
        }

        /// <summary>Record class of the index-th pending record (0 = oldest).</summary>
        public int PendingClass(int index)
        {
            lock (_sync)
            {
                if (index < 0 || index >= _pCount) throw new ArgumentOutOfRangeException("index");
                return _pClass[index];
            }
        }

        /// <summary>
        /// Reads the index-th pending record (0 = oldest) into <paramref name="into"/>. False when the index is out of
        /// range or the stored bytes could not be read (<see cref="ReadPending"/> tells bit rot from a storage error).
        /// </summary>
        public bool TryGetPending(int index, QueuedRecord into)
        {
            return ReadPending(index, into) == QueueReadResult.Ok;
        }

        /// <summary>True when a record with this sequence is waiting for its ack.</summary>
        public bool IsPending(uint sequence)
        {
            lock (_sync)
            {
                return FindPending(sequence) >= 0;
            }
        }

        /// <summary>
        /// Reads the index-th pending record (0 = oldest) into <paramref name="into"/>; a <see cref="QueueReadResult"/>.
        /// <see cref="QueueReadResult.Unreadable"/>: the bytes no longer pass the CRC (the caller should <see cref="Ack"/>
        /// it to move on); <see cref="QueueReadResult.StorageError"/>: the storage threw (try again later).
        /// </summary>
        public int ReadPending(int index, QueuedRecord into)
        {
            if (into == null) throw new ArgumentNullException("into");
            lock (_sync)
            {
                if (!_open || index < 0 || index >= _pCount) return QueueReadResult.OutOfRange;
                QueueSegment segment = FindSegment(_pSegment[index]);
                if (segment == null) return QueueReadResult.Unreadable;
                int length;
                try
                {
                    length = ReadValidRecord(segment.Id, _pPosition[index], segment.Length);
                }
                catch (Exception)
                {
                    return QueueReadResult.StorageError;
                }
                if (length < 0 || QueueFormat.Sequence(_scratch, 0) != _pSeq[index]) return QueueReadResult.Unreadable;
                int frameLength = length - QueueFormat.HeaderBytes;
                if (into.Frame == null || into.Frame.Length < frameLength) into.Frame = new byte[frameLength];
                Array.Copy(_scratch, QueueFormat.HeaderBytes, into.Frame, 0, frameLength);
                into.FrameLength = frameLength;
                into.Sequence = _pSeq[index];
                into.RecordClass = _pClass[index];
                return QueueReadResult.Ok;
            }
        }

        /// <summary>The oldest pending record; false when none (or unreadable, see <see cref="TryGetPending"/>).</summary>
        public bool TryPeekOldest(QueuedRecord into)
        {
            return TryGetPending(0, into);
        }

        // ----- recovery -----

        private void ScanSegment(QueueSegment segment, bool newest)
        {
            long position = 0;
            while (position < segment.Length)
            {
                int length = position > int.MaxValue - QueueFormat.MaxPayloadBytes - QueueFormat.HeaderBytes
                    ? -1
                    : ReadValidRecord(segment.Id, position, segment.Length);
                if (length < 0)
                {
                    if (newest)
                    {
                        _storage.Truncate(segment.Id, position);
                        _truncatedBytes += segment.Length - position;
                        segment.Length = position;
                    }
                    else
                    {
                        _corruptSegments++;
                    }
                    return;
                }
                ApplyRecovered(segment, (int)position);
                position += length;
            }
        }

        private void ApplyRecovered(QueueSegment segment, int position)
        {
            int kind = QueueFormat.Kind(_scratch, 0);
            uint sequence = QueueFormat.Sequence(_scratch, 0);
            if (sequence > _lastSequence) _lastSequence = sequence;
            if (QueueRecordClass.IsValid(kind))
            {
                int payload = QueueFormat.PayloadLength(_scratch, 0);
                int index = FindPending(sequence);
                if (index >= 0) RemovePendingAt(index); // an older copy (compaction): the later one wins
                InsertPending(sequence, kind, segment, position, payload);
            }
            else if (kind == QueueFormat.KindAck || kind == QueueFormat.KindDrop)
            {
                int index = FindPending(sequence);
                if (index >= 0) RemovePendingAt(index);
            }
        }

        /// <summary>Reads and checks the record at position into _scratch; its total length, or -1 when torn/corrupt.</summary>
        private int ReadValidRecord(int segmentId, long position, long segmentLength)
        {
            if (segmentLength - position < QueueFormat.HeaderBytes) return -1;
            if (ReadFully(segmentId, position, _scratch, 0, QueueFormat.HeaderBytes) != QueueFormat.HeaderBytes) return -1;
            if (!QueueFormat.IsPlausibleHeader(_scratch, 0, _maxRecordBytes)) return -1;
            int payload = QueueFormat.PayloadLength(_scratch, 0);
            if (segmentLength - position - QueueFormat.HeaderBytes < payload) return -1;
            if (ReadFully(segmentId, position + QueueFormat.HeaderBytes, _scratch, QueueFormat.HeaderBytes, payload) != payload) return -1;
            if (!QueueFormat.IsCrcValid(_scratch, 0)) return -1;
            return QueueFormat.HeaderBytes + payload;
        }

        private int ReadFully(int segmentId, long position, byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int n = _storage.Read(segmentId, position + total, buffer, offset + total, count - total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        }

        // ----- writing -----

        private QueueSegment AddSegment()
        {
            QueueSegment segment = new QueueSegment(_nextSegmentId++, 0);
            _segments.Add(segment);
            return segment;
        }

        private void WriteSegmentHeader(QueueSegment segment)
        {
            QueueFormat.WriteUInt32(_segmentHeader, QueueFormat.HeaderBytes, (uint)segment.Id);
            QueueFormat.WriteHeader(_segmentHeader, 0, QueueFormat.KindSegmentHeader, _lastSequence, QueueFormat.SegmentHeaderPayloadBytes);
            _storage.Append(segment.Id, _segmentHeader, 0, SegmentHeaderRecordBytes);
            _storage.Flush(segment.Id);
            segment.Length += SegmentHeaderRecordBytes;
            _storageBytes += SegmentHeaderRecordBytes;
            _durableSequence = _lastSequence;
        }

        /// <summary>Appends and flushes one whole record; on failure cuts the tail back (or rolls over next time) and returns false.</summary>
        private bool AppendRecord(byte[] record, int length, out QueueSegment segment, out int position)
        {
            segment = null;
            position = 0;
            try
            {
                if (_rollBeforeNextAppend || (_active.Length + length > _segmentBytes && _active.Length > SegmentHeaderRecordBytes))
                {
                    _rollBeforeNextAppend = false;
                    _active = AddSegment();
                }
                if (_active.Length == 0) WriteSegmentHeader(_active);
                _storage.Append(_active.Id, record, 0, length);
                _storage.Flush(_active.Id);
            }
            catch (Exception)
            {
                _writeErrors++;
                try
                {
                    _storage.Truncate(_active.Id, _active.Length);
                }
                catch (Exception)
                {
                    // The torn bytes stay; never append after them (recovery skips the tail of an older segment).
                    _rollBeforeNextAppend = true;
                }
                return false;
            }
            segment = _active;
            position = (int)_active.Length;
            _active.Length += length;
            _storageBytes += length;
            return true;
        }

        /// <summary>
        /// When <see cref="LastSequence"/> came from an enqueue that was refused or failed and nothing on storage
        /// carries it yet, appends a drop record for it (recovery takes the highest sequence of any record), so the
        /// sequence is not handed out again after a reboot. A failure leaves it due for the next write.
        /// </summary>
        private void PersistSequenceMark()
        {
            if (_lastSequence <= _durableSequence) return;
            if (FindPending(_lastSequence) >= 0 || WriteControl(QueueFormat.KindDrop, _lastSequence))
            {
                _durableSequence = _lastSequence;
            }
        }

        private bool WriteControl(int kind, uint sequence)
        {
            QueueFormat.WriteHeader(_control, 0, kind, sequence, 0);
            QueueSegment segment;
            int position;
            return AppendRecord(_control, QueueFormat.HeaderBytes, out segment, out position);
        }

        // ----- overflow policy -----

        private bool MakeRoom(int recordClass, int size)
        {
            if (recordClass != QueueRecordClass.QrCheckin)
            {
                // Refuse up front when even dropping every presence/status record would not make room:
                // never drop older records for a newcomer that is refused anyway.
                long bytes = _pendingBytes;
                int count = _pCount;
                for (int i = 0; i < _pCount; i++)
                {
                    if (_pClass[i] == QueueRecordClass.QrCheckin) continue;
                    bytes -= QueueFormat.RecordBytes(_pLength[i]);
                    count--;
                }
                if (bytes + size > _maxBytes || count + 1 > _maxRecords) return false;
            }
            while (_pendingBytes + size > _maxBytes || _pCount + 1 > _maxRecords)
            {
                int victim = OldestDroppable();
                if (victim < 0)
                {
                    // Only QR check-ins are left: a QR record may replace the oldest one, anything else is refused.
                    if (recordClass != QueueRecordClass.QrCheckin || _pCount == 0) return false;
                    victim = 0;
                }
                DropAt(victim);
            }
            return true;
        }

        private int OldestDroppable()
        {
            for (int i = 0; i < _pCount; i++)
            {
                if (_pClass[i] != QueueRecordClass.QrCheckin) return i;
            }
            return -1;
        }

        private void DropAt(int index)
        {
            bool qr = _pClass[index] == QueueRecordClass.QrCheckin;
            WriteControl(QueueFormat.KindDrop, _pSeq[index]);
            RemovePendingAt(index);
            _dropped++;
            if (qr) _droppedQr++;
        }

        // ----- segment maintenance -----

        /// <summary>
        /// Deletes the oldest segments while they hold nothing pending; compacts the oldest one (copies its pending
        /// records into the active segment, then deletes it) when at least half of it is dead and a newer closed
        /// segment exists, or when storage is above 2 × MaxBytes. Only the oldest segment is ever deleted, so an ack is never deleted while the record it
        /// acknowledges still exists in an older segment.
        /// </summary>
        private void Maintain()
        {
            int budget = 2 * _segments.Count + 2;
            while (budget-- > 0 && _segments.Count > 1)
            {
                QueueSegment front = (QueueSegment)_segments[0];
                if (front == _active) return;
                if (front.Pending == 0)
                {
                    try
                    {
                        _storage.Delete(front.Id);
                    }
                    catch (Exception)
                    {
                        _writeErrors++;
                        return;
                    }
                    _segments.RemoveAt(0);
                    _storageBytes -= front.Length;
                    continue;
                }
                // Mostly dead and at least one full segment old (records of the segment closed last are usually
                // still in flight and acknowledged moments later), or storage over its bound.
                bool mostlyDead = (front.Length - front.PendingBytes) * 2 >= front.Length && _segments.Count >= 3;
                bool pressure = _storageBytes > 2L * _maxBytes;
                if (!mostlyDead && !pressure) return;
                if (!Relocate(front)) return;
            }
        }

        private bool Relocate(QueueSegment front)
        {
            int i = 0;
            while (i < _pCount)
            {
                if (_pSegment[i] != front.Id)
                {
                    i++;
                    continue;
                }
                int length;
                try
                {
                    length = ReadValidRecord(front.Id, _pPosition[i], front.Length);
                }
                catch (Exception)
                {
                    return false;
                }
                if (length < 0 || QueueFormat.Sequence(_scratch, 0) != _pSeq[i])
                {
                    DropAt(i); // unreadable on flash: give it up (counted as dropped)
                    continue;
                }
                QueueSegment target;
                int position;
                if (!AppendRecord(_scratch, length, out target, out position)) return false;
                long bytes = length;
                front.Pending--;
                front.PendingBytes -= bytes;
                target.Pending++;
                target.PendingBytes += bytes;
                _pSegment[i] = target.Id;
                _pPosition[i] = position;
                _relocated++;
                i++;
            }
            return true;
        }

        // ----- pending index -----

        private int FindPending(uint sequence)
        {
            int lo = 0, hi = _pCount - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                uint value = _pSeq[mid];
                if (value == sequence) return mid;
                if (value < sequence) lo = mid + 1;
                else hi = mid - 1;
            }
            return -1;
        }

        private void InsertPending(uint sequence, int recordClass, QueueSegment segment, int position, int payloadLength)
        {
            if (_pCount == _pSeq.Length) Grow();
            int at = _pCount;
            while (at > 0 && _pSeq[at - 1] > sequence) at--;
            if (at < _pCount)
            {
                int move = _pCount - at;
                Array.Copy(_pSeq, at, _pSeq, at + 1, move);
                Array.Copy(_pSegment, at, _pSegment, at + 1, move);
                Array.Copy(_pPosition, at, _pPosition, at + 1, move);
                Array.Copy(_pLength, at, _pLength, at + 1, move);
                Array.Copy(_pClass, at, _pClass, at + 1, move);
            }
            _pSeq[at] = sequence;
            _pSegment[at] = segment.Id;
            _pPosition[at] = position;
            _pLength[at] = payloadLength;
            _pClass[at] = (byte)recordClass;
            _pCount++;
            long bytes = QueueFormat.RecordBytes(payloadLength);
            segment.Pending++;
            segment.PendingBytes += bytes;
            _pendingBytes += bytes;
        }

        private void RemovePendingAt(int index)
        {
            long bytes = QueueFormat.RecordBytes(_pLength[index]);
            QueueSegment segment = FindSegment(_pSegment[index]);
            if (segment != null)
            {
                segment.Pending--;
                segment.PendingBytes -= bytes;
            }
            _pendingBytes -= bytes;
            int move = _pCount - index - 1;
            if (move > 0)
            {
                Array.Copy(_pSeq, index + 1, _pSeq, index, move);
                Array.Copy(_pSegment, index + 1, _pSegment, index, move);
                Array.Copy(_pPosition, index + 1, _pPosition, index, move);
                Array.Copy(_pLength, index + 1, _pLength, index, move);
                Array.Copy(_pClass, index + 1, _pClass, index, move);
            }
            _pCount--;
        }

        private void Grow()
        {
            int size = _pSeq.Length == 0 ? 64 : _pSeq.Length * 2;
            uint[] seq = new uint[size];
            int[] segment = new int[size];
            int[] position = new int[size];
            int[] length = new int[size];
            byte[] cls = new byte[size];
            Array.Copy(_pSeq, seq, _pCount);
            Array.Copy(_pSegment, segment, _pCount);
            Array.Copy(_pPosition, position, _pCount);
            Array.Copy(_pLength, length, _pCount);
            Array.Copy(_pClass, cls, _pCount);
            _pSeq = seq;
            _pSegment = segment;
            _pPosition = position;
            _pLength = length;
            _pClass = cls;
        }

        private QueueSegment FindSegment(int id)
        {
            for (int i = 0; i < _segments.Count; i++)
            {
                QueueSegment segment = (QueueSegment)_segments[i];
                if (segment.Id == id) return segment;
            }
            return null;
        }

        private void EnsureOpen()
        {
            if (!_open) throw new InvalidOperationException("OfflineQueue.Open() was not called");
        }

        private static int[] SortedPositive(int[] ids)
        {
            if (ids == null) return new int[0];
            int count = 0;
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] > 0) count++;
            }
            int[] sorted = new int[count];
            int n = 0;
            for (int i = 0; i < ids.Length; i++)
            {
                int id = ids[i];
                if (id <= 0) continue;
                int at = n;
                while (at > 0 && sorted[at - 1] > id)
                {
                    sorted[at] = sorted[at - 1];
                    at--;
                }
                sorted[at] = id;
                n++;
            }
            return sorted;
        }
    }
}
