using System;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>
    /// Bounded table of the beacons seen near the door, keyed by (type, rotating identifier), with first/last seen,
    /// max and mean RSSI and a count. Everything is allocated in the constructor: <see cref="Observe"/> does not
    /// allocate and the table never grows. When full, the entry chosen by the eviction policy (Ble/README.md) is
    /// dropped: never-at-the-door entries before at-the-door ones, then the least recently seen, then the weakest.
    /// Thread-safe: the scanner thread observes while the controller flushes.
    /// </summary>
    public sealed class PresenceTable
    {
        private readonly object _sync = new object();
        private readonly BeaconClassifier _classifier = new BeaconClassifier();
        private readonly BeaconIdentity _identity = new BeaconIdentity();
        private readonly PresenceSlot[] _slots;
        private readonly int[] _free;
        private int _freeCount;
        // Open-addressing index (linear probing, backward-shift deletion): slot number + 1, 0 = empty.
        private readonly int[] _index;
        private readonly int _mask;
        private readonly int _atDoorRssi;
        private int _count;
        private long _observed;
        private long _evicted;

        public PresenceTable(int capacity, int atDoorRssi)
        {
            if (capacity < 1 || capacity > 65536) throw new ArgumentOutOfRangeException("capacity", "1..65536");
            _atDoorRssi = atDoorRssi;
            _slots = new PresenceSlot[capacity];
            _free = new int[capacity];
            for (int i = 0; i < capacity; i++)
            {
                _slots[i] = new PresenceSlot();
                _free[i] = capacity - 1 - i;
            }
            _freeCount = capacity;
            int size = 4;
            while (size < capacity * 2) size <<= 1;
            _index = new int[size];
            _mask = size - 1;
        }

        public int Capacity { get { return _slots.Length; } }

        public int Count { get { lock (_sync) { return _count; } } }

        public int AtDoorRssi { get { return _atDoorRssi; } }

        /// <summary>Advertisements observed since construction.</summary>
        public long Observed { get { lock (_sync) { return _observed; } } }

        /// <summary>Entries dropped without being flushed (capacity evictions and <see cref="Shed"/>).</summary>
        public long Evicted { get { lock (_sync) { return _evicted; } } }

        /// <summary>
        /// Classifies one advertisement and records the sighting. Matches <see cref="AdvertisementHandler"/> apart from
        /// the timestamp. Never throws on malformed advertisement data.
        /// </summary>
        public void Observe(byte[] address, int rssi, byte[] data, int offset, int count, long nowMs)
        {
            lock (_sync)
            {
                _observed++;
                BeaconIdentity identity = _identity;
                _classifier.Classify(address, data, offset, count, identity);
                int hash = Hash(identity.Type, identity.Id, identity.IdLength);
                int slot = Find(identity.Type, identity.Id, identity.IdLength, hash);
                PresenceSlot s;
                if (slot >= 0)
                {
                    s = _slots[slot];
                    if (nowMs > s.LastSeenMs) s.LastSeenMs = nowMs;
                    if (nowMs < s.FirstSeenMs) s.FirstSeenMs = nowMs;
                    if (rssi > s.MaxRssi) s.MaxRssi = rssi;
                    s.RssiSum += rssi;
                    s.Count++;
                    return;
                }
                if (_freeCount == 0)
                {
                    Remove(SelectVictim());
                    _evicted++;
                }
                slot = _free[--_freeCount];
                s = _slots[slot];
                s.InUse = true;
                s.Type = identity.Type;
                s.IdLength = identity.IdLength;
                Array.Copy(identity.Id, 0, s.Id, 0, identity.IdLength);
                s.Hash = hash;
                s.FirstSeenMs = nowMs;
                s.LastSeenMs = nowMs;
                s.MaxRssi = rssi;
                s.RssiSum = rssi;
                s.Count = 1;
                Insert(slot, hash);
                _count++;
            }
        }

        /// <summary>
        /// Moves every entry not seen for at least <paramref name="idleMs"/> into <paramref name="output"/> (caller-owned,
        /// reused: existing PresenceRecord objects are overwritten, missing ones created; Id arrays are new).
        /// Returns how many were written; entries that do not fit stay for the next flush.
        /// </summary>
        public int Flush(long nowMs, long idleMs, PresenceRecord[] output)
        {
            lock (_sync)
            {
                return FlushWhere(true, nowMs, idleMs, output);
            }
        }

        /// <summary>Moves all entries (as many as fit) into <paramref name="output"/>, e.g. before a reboot.</summary>
        public int FlushAll(PresenceRecord[] output)
        {
            lock (_sync)
            {
                return FlushWhere(false, 0, 0, output);
            }
        }

        /// <summary>Memory watch: drops entries by the eviction policy until at most <paramref name="keep"/> remain.</summary>
        public void Shed(int keep)
        {
            if (keep < 0) keep = 0;
            lock (_sync)
            {
                while (_count > keep)
                {
                    Remove(SelectVictim());
                    _evicted++;
                }
            }
        }

        /// <summary>Copies the entry for (type, id) into <paramref name="into"/>; false when absent. Diagnostics and tests.</summary>
        public bool TryGet(BeaconType type, byte[] id, int idLength, PresenceRecord into)
        {
            lock (_sync)
            {
                if (id == null || idLength < 0 || idLength > PresenceRecord.MaxIdBytes || idLength > id.Length) return false;
                int slot = Find(type, id, idLength, Hash(type, id, idLength));
                if (slot < 0) return false;
                Fill(_slots[slot], into);
                return true;
            }
        }

        private int FlushWhere(bool onlyIdle, long nowMs, long idleMs, PresenceRecord[] output)
        {
            if (output == null) return 0;
            int written = 0;
            for (int i = 0; i < _slots.Length && written < output.Length; i++)
            {
                PresenceSlot s = _slots[i];
                if (!s.InUse) continue;
                if (onlyIdle && nowMs - s.LastSeenMs < idleMs) continue;
                PresenceRecord record = output[written];
                if (record == null)
                {
                    record = new PresenceRecord();
                    output[written] = record;
                }
                Fill(s, record);
                written++;
                Remove(i);
            }
            return written;
        }

        private void Fill(PresenceSlot s, PresenceRecord record)
        {
            record.Type = s.Type;
            record.Id = new byte[s.IdLength];
            Array.Copy(s.Id, 0, record.Id, 0, s.IdLength);
            record.FirstSeenMs = s.FirstSeenMs;
            record.LastSeenMs = s.LastSeenMs;
            record.MaxRssi = s.MaxRssi;
            record.MeanRssi = (int)(s.RssiSum / s.Count);
            record.Count = s.Count;
            record.AtDoor = s.MaxRssi >= _atDoorRssi;
        }

        /// <summary>
        /// Eviction order: entries whose max RSSI never reached the door threshold first; among those the least recently
        /// seen; then the lowest max RSSI; then the lowest slot number. O(capacity), only when full or shedding.
        /// </summary>
        private int SelectVictim()
        {
            int best = -1;
            PresenceSlot b = null;
            for (int i = 0; i < _slots.Length; i++)
            {
                PresenceSlot s = _slots[i];
                if (!s.InUse) continue;
                if (b == null || IsBetterVictim(s, b))
                {
                    best = i;
                    b = s;
                }
            }
            return best;
        }

        private bool IsBetterVictim(PresenceSlot candidate, PresenceSlot current)
        {
            bool candidateAtDoor = candidate.MaxRssi >= _atDoorRssi;
            bool currentAtDoor = current.MaxRssi >= _atDoorRssi;
            if (candidateAtDoor != currentAtDoor) return !candidateAtDoor;
            if (candidate.LastSeenMs != current.LastSeenMs) return candidate.LastSeenMs < current.LastSeenMs;
            return candidate.MaxRssi < current.MaxRssi;
        }

        private int Find(BeaconType type, byte[] id, int idLength, int hash)
        {
            int i = hash & _mask;
            while (true)
            {
                int entry = _index[i];
                if (entry == 0) return -1;
                PresenceSlot s = _slots[entry - 1];
                if (s.Hash == hash && s.Type == type && s.IdLength == idLength && SameBytes(s.Id, id, idLength)) return entry - 1;
                i = (i + 1) & _mask;
            }
        }

        private void Insert(int slot, int hash)
        {
            int i = hash & _mask;
            while (_index[i] != 0) i = (i + 1) & _mask;
            _index[i] = slot + 1;
        }

        private void Remove(int slot)
        {
            PresenceSlot s = _slots[slot];
            int hole = s.Hash & _mask;
            while (_index[hole] != slot + 1) hole = (hole + 1) & _mask;
            _index[hole] = 0;
            // Backward-shift deletion keeps every probe chain unbroken without tombstones.
            int j = hole;
            while (true)
            {
                j = (j + 1) & _mask;
                int entry = _index[j];
                if (entry == 0) break;
                int home = _slots[entry - 1].Hash & _mask;
                bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
                if (stays) continue;
                _index[hole] = entry;
                _index[j] = 0;
                hole = j;
            }
            s.InUse = false;
            _free[_freeCount++] = slot;
            _count--;
        }

        /// <summary>FNV-1a over the type and identifier bytes, with a final avalanche so low bits index well.</summary>
        private static int Hash(BeaconType type, byte[] id, int idLength)
        {
            uint h = 2166136261;
            h = (h ^ (uint)type) * 16777619;
            for (int i = 0; i < idLength; i++) h = (h ^ id[i]) * 16777619;
            h ^= h >> 15;
            h *= 0x2C1B3C6D;
            h ^= h >> 12;
            return (int)(h & 0x7FFFFFFF);
        }

        private static bool SameBytes(byte[] a, byte[] b, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }
    }
}
