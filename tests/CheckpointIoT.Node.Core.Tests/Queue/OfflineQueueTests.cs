using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Tests.Queue.Fakes;
using static CheckpointIoT.Node.Core.Tests.Queue.QueueTestData;

namespace CheckpointIoT.Node.Core.Tests.Queue;

/// <summary>Queue behaviour over <see cref="MemoryQueueStorage"/> (its own fault hooks); storage-independent crash tests live in the contract suite.</summary>
public class OfflineQueueTests
{
    private readonly MemoryQueueStorage _storage = new();

    private OfflineQueue Open(QueueOptions? options = null)
    {
        _storage.PowerOn();
        var queue = new OfflineQueue(_storage, options ?? SmallOptions());
        queue.Open();
        return queue;
    }

    /// <summary>Budget for exactly <paramref name="records"/> QR-size records (MaxRecordBytes lowered so the budget validates).</summary>
    private static QueueOptions Tight(int records)
    {
        QueueOptions options = SmallOptions(maxBytes: records * QueueFormat.RecordBytes(QrFrameBytes));
        options.MaxRecordBytes = QrFrameBytes + 10;
        return options;
    }

    private static bool Put(OfflineQueue queue, int recordClass, uint seq, int length = QrFrameBytes) =>
        queue.Enqueue(recordClass, seq, Frame(seq, length), 0, length);

    [Fact]
    public void Enqueue_BeforeOpen_Throws()
    {
        var queue = new OfflineQueue(_storage, SmallOptions());

        Assert.Throws<InvalidOperationException>(() => Put(queue, QueueRecordClass.QrCheckin, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(QueueFormat.KindAck)]
    public void Enqueue_UnknownRecordClass_Throws(int recordClass)
    {
        OfflineQueue queue = Open();

        Assert.Throws<ArgumentOutOfRangeException>(() => Put(queue, recordClass, 1));
    }

    [Fact]
    public void Enqueue_FrameLongerThanMaxRecordBytes_Throws()
    {
        OfflineQueue queue = Open();

        Assert.Throws<ArgumentOutOfRangeException>(() => Put(queue, QueueRecordClass.QrCheckin, 1, 201));
    }

    [Fact]
    public void Open_EmptyStorage_CreatesFirstSegmentWithHeader()
    {
        OfflineQueue queue = Open();

        Assert.Equal(new[] { 1 }, _storage.ListSegments());
        Assert.Equal(QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes, _storage.Length(1));
        Assert.Equal(0u, queue.LastSequence);
        Assert.Equal(1u, queue.NextSequence());
    }

    [Fact]
    public void Enqueue_ReturnsTrue_IsDurableAgainstLossOfUnflushedData()
    {
        OfflineQueue queue = Open();
        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 1));

        _storage.CutPower();
        OfflineQueue reopened = Open();

        Assert.Equal(new uint[] { 1 }, PendingSequences(reopened));
        Assert.Equal(Frame(1), Pending(reopened)[1]);
    }

    [Fact]
    public void Enqueue_BuiltInTearAtEveryByteOffset_KeepsEarlierRecords()
    {
        int recordBytes = QueueFormat.RecordBytes(QrFrameBytes);
        for (int tear = 0; tear <= recordBytes; tear++)
        {
            var storage = new MemoryQueueStorage();
            var queue = new OfflineQueue(storage, new QueueOptions());
            queue.Open();
            for (uint seq = 1; seq <= 4; seq++) Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes));
            queue.Ack(1);
            queue.Ack(3);

            storage.TearNextAppendAfter(tear);
            Assert.False(queue.Enqueue(QueueRecordClass.QrCheckin, 5, Frame(5), 0, QrFrameBytes));
            Assert.True(storage.IsPowerOff);

            storage.PowerOn();
            var reopened = new OfflineQueue(storage, new QueueOptions());
            reopened.Open();
            // A complete record whose flush never returned may or may not be there; a partial one never is.
            uint[] expected = tear == recordBytes ? new uint[] { 2, 4, 5 } : new uint[] { 2, 4 };
            Assert.Equal(expected, PendingSequences(reopened));
            Assert.Equal(tear == recordBytes ? 5u : 4u, reopened.LastSequence);
            Assert.Equal(tear == recordBytes || tear == 0 ? 0 : tear, reopened.TruncatedBytes);
            Assert.Equal(Frame(2), Pending(reopened)[2]);
            Assert.Equal(Frame(4), Pending(reopened)[4]);
        }
    }

    [Fact]
    public void Enqueue_StorageErrorWithPowerOn_ReturnsFalseAndQueueContinues()
    {
        OfflineQueue queue = Open();
        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 1));

        _storage.FailNextAppend();
        Assert.False(Put(queue, QueueRecordClass.QrCheckin, 2));
        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 3));

        Assert.Equal(1, queue.WriteErrors);
        Assert.Equal(new uint[] { 1, 3 }, PendingSequences(queue));
        Assert.Equal(new uint[] { 1, 3 }, PendingSequences(Open()));
    }

    [Fact]
    public void NextSequence_AfterFailedEnqueue_IsNewAndSurvivesReboot()
    {
        OfflineQueue queue = Open();
        Assert.True(Put(queue, QueueRecordClass.QrCheckin, queue.NextSequence()));

        _storage.FailNextAppend();
        uint failed = queue.NextSequence();
        Assert.False(Put(queue, QueueRecordClass.QrCheckin, failed));

        Assert.Equal(failed + 1, queue.NextSequence());
        Assert.Equal(failed, queue.LastSequence);
        Assert.Equal(failed + 1, Open().NextSequence());
    }

    [Fact]
    public void NextSequence_DiskFullThenBack_FailedSequencesAreNeverHandedOutAgain()
    {
        var disk = new FullDiskStorage(_storage);
        var queue = new OfflineQueue(disk, SmallOptions());
        queue.Open();
        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 1));

        disk.Full = true;
        Assert.False(Put(queue, QueueRecordClass.QrCheckin, queue.NextSequence()));
        Assert.False(Put(queue, QueueRecordClass.QrCheckin, queue.NextSequence()));
        Assert.Equal(4u, queue.NextSequence());

        disk.Full = false;
        Assert.True(queue.Ack(1)); // the first write after the disk is back also persists the sequences used meanwhile
        var reopened = new OfflineQueue(disk, SmallOptions());
        reopened.Open();

        Assert.Equal(4u, reopened.NextSequence());
        Assert.Empty(PendingSequences(reopened));
    }

    [Fact]
    public void Enqueue_SequenceAlreadyPending_ReturnsFalse()
    {
        OfflineQueue queue = Open();
        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 7));

        Assert.False(queue.Enqueue(QueueRecordClass.QrCheckin, 7, Frame(8), 0, QrFrameBytes));
        Assert.Equal(Frame(7), Pending(queue)[7]);
    }

    [Fact]
    public void Enqueue_SequenceReusedAfterAck_IsPendingAgainAfterReopen()
    {
        OfflineQueue queue = Open();
        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 7));
        queue.Ack(7);
        Assert.True(queue.Enqueue(QueueRecordClass.Status, 7, Frame(70), 0, QrFrameBytes));

        OfflineQueue reopened = Open();

        Assert.Equal(Frame(70), Pending(reopened)[7]);
        Assert.Equal(QueueRecordClass.Status, reopened.PendingClass(0));
    }

    [Fact]
    public void Enqueue_OutOfOrderSequences_ReplaysAscending()
    {
        OfflineQueue queue = Open();
        foreach (uint seq in new uint[] { 5, 2, 9, 1 }) Assert.True(Put(queue, QueueRecordClass.QrCheckin, seq));

        Assert.Equal(new uint[] { 1, 2, 5, 9 }, PendingSequences(queue));
        Assert.Equal(new uint[] { 1, 2, 5, 9 }, PendingSequences(Open()));
        Assert.Equal(9u, queue.LastSequence);
    }

    [Fact]
    public void Ack_UnknownOrRepeatedSequence_IsIgnored()
    {
        OfflineQueue queue = Open();
        Put(queue, QueueRecordClass.QrCheckin, 1);
        Put(queue, QueueRecordClass.QrCheckin, 2);
        long before = _storage.BytesAppended;

        Assert.False(queue.Ack(99));
        Assert.Equal(before, _storage.BytesAppended);
        Assert.True(queue.Ack(1));
        Assert.False(queue.Ack(1));

        Assert.Equal(new uint[] { 2 }, PendingSequences(queue));
        Assert.Equal(new uint[] { 2 }, PendingSequences(Open()));
    }

    [Fact]
    public void TryPeekOldest_Empty_ReturnsFalse()
    {
        OfflineQueue queue = Open();

        Assert.False(queue.TryPeekOldest(new QueuedRecord()));
    }

    [Fact]
    public void TryGetPending_RecordRottedAfterOpen_ReturnsFalse()
    {
        OfflineQueue queue = Open();
        Put(queue, QueueRecordClass.QrCheckin, 1);
        int segment = _storage.ListSegments()[0];
        int payloadStart = QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes + QueueFormat.HeaderBytes;
        _storage.Corrupt(segment, payloadStart + 5, (byte)(_storage.Snapshot(segment)[payloadStart + 5] ^ 0x10));

        Assert.False(queue.TryGetPending(0, new QueuedRecord()));
        Assert.True(queue.Ack(1));
    }

    [Fact]
    public void Open_BitFlipInLastSegment_CutsFromTheRottenRecord()
    {
        OfflineQueue queue = Open();
        for (uint seq = 1; seq <= 3; seq++) Put(queue, QueueRecordClass.QrCheckin, seq, 50);
        int segment = _storage.ListSegments()[0];
        int second = QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes + QueueFormat.RecordBytes(50);
        _storage.Corrupt(segment, second + QueueFormat.HeaderBytes + 1, 0xEE);

        OfflineQueue reopened = Open();

        Assert.Equal(new uint[] { 1 }, PendingSequences(reopened));
        Assert.Equal(2 * QueueFormat.RecordBytes(50), reopened.TruncatedBytes);
    }

    [Fact]
    public void Open_CorruptRecordInOlderSegment_SkipsRestOfThatSegmentOnly()
    {
        OfflineQueue queue = Open();
        for (uint seq = 1; seq <= 6; seq++) Put(queue, QueueRecordClass.QrCheckin, seq);
        int[] segments = _storage.ListSegments();
        Assert.True(segments.Length >= 2);
        int secondRecord = QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes + QueueFormat.RecordBytes(QrFrameBytes);
        _storage.Corrupt(segments[0], secondRecord + 2, 0x7F);

        OfflineQueue reopened = Open();

        Assert.Equal(1, reopened.CorruptSegments);
        Assert.Equal(0, reopened.TruncatedBytes);
        Assert.Equal(new uint[] { 1, 4, 5, 6 }, PendingSequences(reopened));
    }

    // ----- overflow policy -----

    [Fact]
    public void Enqueue_OverBudget_DropsOldestPresenceAndStatusBeforeAnyQr()
    {
        OfflineQueue queue = Open(Tight(5));
        Put(queue, QueueRecordClass.QrCheckin, 1);
        Put(queue, QueueRecordClass.Presence, 2);
        Put(queue, QueueRecordClass.QrCheckin, 3);
        Put(queue, QueueRecordClass.Status, 4);
        Put(queue, QueueRecordClass.Presence, 5);

        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 6));
        Assert.True(Put(queue, QueueRecordClass.Presence, 7));

        Assert.Equal(new uint[] { 1, 3, 5, 6, 7 }, PendingSequences(queue));
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(0, queue.DroppedQr);
        Assert.Equal(new uint[] { 1, 3, 5, 6, 7 }, PendingSequences(Open(Tight(5))));
    }

    [Fact]
    public void Enqueue_QrWhenOnlyQrPending_DropsOldestQr()
    {
        OfflineQueue queue = Open(Tight(3));
        for (uint seq = 1; seq <= 3; seq++) Put(queue, QueueRecordClass.QrCheckin, seq);

        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 4));

        Assert.Equal(new uint[] { 2, 3, 4 }, PendingSequences(queue));
        Assert.Equal(1, queue.Dropped);
        Assert.Equal(1, queue.DroppedQr);
    }

    [Fact]
    public void Enqueue_PresenceWhenOnlyQrPending_IsRefusedAndQrKept()
    {
        OfflineQueue queue = Open(Tight(3));
        for (uint seq = 1; seq <= 3; seq++) Put(queue, QueueRecordClass.QrCheckin, seq);

        Assert.False(Put(queue, QueueRecordClass.Presence, 4));

        Assert.Equal(new uint[] { 1, 2, 3 }, PendingSequences(queue));
        Assert.Equal(1, queue.Dropped);
        Assert.Equal(0, queue.DroppedQr);
        // The refused sequence is used up all the same (a sequence number is never handed out twice), also after a reboot.
        Assert.Equal(4u, queue.LastSequence);
        Assert.Equal(5u, Open(Tight(3)).NextSequence());
    }

    [Fact]
    public void Enqueue_PresenceThatCannotFitEvenAfterDrops_DropsNothing()
    {
        int small = QueueFormat.RecordBytes(20);
        QueueOptions options = SmallOptions(maxBytes: QueueFormat.RecordBytes(150) + 2 * QueueFormat.RecordBytes(QrFrameBytes));
        OfflineQueue queue = Open(options);
        Put(queue, QueueRecordClass.QrCheckin, 1);
        Put(queue, QueueRecordClass.QrCheckin, 2);
        Put(queue, QueueRecordClass.Presence, 3, 20);

        Assert.False(Put(queue, QueueRecordClass.Presence, 4, 200));

        Assert.Equal(new uint[] { 1, 2, 3 }, PendingSequences(queue));
        Assert.True(options.MaxBytes - queue.PendingBytes < QueueFormat.RecordBytes(200) - small);
    }

    [Fact]
    public void Enqueue_MaxRecordsReached_AppliesTheSamePolicy()
    {
        QueueOptions options = SmallOptions();
        options.MaxRecords = 3;
        OfflineQueue queue = Open(options);
        Put(queue, QueueRecordClass.Status, 1, 10);
        Put(queue, QueueRecordClass.QrCheckin, 2, 10);
        Put(queue, QueueRecordClass.QrCheckin, 3, 10);

        Assert.True(Put(queue, QueueRecordClass.QrCheckin, 4, 10));
        Assert.False(Put(queue, QueueRecordClass.Presence, 5, 10));

        Assert.Equal(new uint[] { 2, 3, 4 }, PendingSequences(queue));
        Assert.Equal(2, queue.Dropped);
    }

    [Fact]
    public void Open_WithSmallerBudgetThanStored_DropsByPolicy()
    {
        OfflineQueue queue = Open(Tight(10));
        for (uint seq = 1; seq <= 6; seq++) Put(queue, seq % 2 == 0 ? QueueRecordClass.Presence : QueueRecordClass.QrCheckin, seq);

        OfflineQueue reopened = Open(Tight(3));

        Assert.Equal(new uint[] { 1, 3, 5 }, PendingSequences(reopened));
        Assert.Equal(3, reopened.Dropped);
        Assert.Equal(6u, reopened.LastSequence);
    }

    // ----- segments, compaction, bounds -----

    [Fact]
    public void Ack_OldestSegmentMostlyDead_CopiesItsPendingRecordsForwardAndDeletesIt()
    {
        OfflineQueue queue = Open();
        for (uint seq = 1; seq <= 9; seq++) Put(queue, QueueRecordClass.QrCheckin, seq);
        int first = _storage.ListSegments()[0];

        queue.Ack(1);
        queue.Ack(2);

        Assert.DoesNotContain(first, _storage.ListSegments());
        Assert.True(queue.Relocated >= 1);
        Assert.Equal(Enumerable.Range(3, 7).Select(i => (uint)i), PendingSequences(queue));
        OfflineQueue reopened = Open();
        Assert.Equal(Enumerable.Range(3, 7).Select(i => (uint)i), PendingSequences(reopened));
        Assert.Equal(Frame(3), Pending(reopened)[3]);
    }

    [Fact]
    public void RandomWorkload_MatchesModelAndStaysWithinStorageBound()
    {
        var random = new Random(4242);
        QueueOptions options = SmallOptions(maxBytes: 3000);
        long bound = 2L * options.MaxBytes + 2L * options.SegmentBytes + 2L * QueueFormat.RecordBytes(options.MaxRecordBytes);
        OfflineQueue queue = Open(options);
        var model = new SortedDictionary<uint, (int Class, byte[] Frame)>();
        long peak = 0;

        for (int step = 0; step < 4000; step++)
        {
            int roll = random.Next(100);
            if (roll < 55)
            {
                int recordClass = random.Next(10) switch { < 4 => QueueRecordClass.QrCheckin, < 8 => QueueRecordClass.Presence, _ => QueueRecordClass.Status };
                int length = random.Next(1, options.MaxRecordBytes + 1);
                uint seq = queue.NextSequence();
                byte[] frame = Frame(seq, length);
                bool expected = ModelEnqueue(model, options, recordClass, seq, frame);
                Assert.Equal(expected, queue.Enqueue(recordClass, seq, frame, 0, length));
            }
            else if (roll < 92)
            {
                uint seq = model.Count > 0 && random.Next(10) > 0 ? model.Keys.ElementAt(random.Next(model.Count)) : (uint)random.Next(1, 5000);
                Assert.Equal(model.Remove(seq), queue.Ack(seq));
            }
            else
            {
                uint last = queue.LastSequence;
                queue = Open(options);
                Assert.Equal(last, queue.LastSequence);
            }

            Assert.Equal(model.Keys, PendingSequences(queue));
            Assert.Equal(model.Values.Sum(v => (long)QueueFormat.RecordBytes(v.Frame.Length)), queue.PendingBytes);
            Assert.Equal(_storage.TotalBytes, queue.StorageBytes);
            Assert.InRange(queue.StorageBytes, 0, bound);
            peak = Math.Max(peak, queue.StorageBytes);
            if (step % 200 == 0)
            {
                foreach (var pair in Pending(queue)) Assert.Equal(model[pair.Key].Frame, pair.Value);
            }
        }
        Assert.True(peak > options.MaxBytes, "the workload should push the queue into overflow");
    }

    /// <summary>The documented overflow policy, written independently of the queue.</summary>
    private static bool ModelEnqueue(SortedDictionary<uint, (int Class, byte[] Frame)> model, QueueOptions options, int recordClass, uint seq, byte[] frame)
    {
        long Bytes() => model.Values.Sum(v => (long)QueueFormat.RecordBytes(v.Frame.Length));
        bool Fits() => Bytes() + QueueFormat.RecordBytes(frame.Length) <= options.MaxBytes && model.Count + 1 <= options.MaxRecords;
        if (recordClass != QueueRecordClass.QrCheckin)
        {
            var qrOnly = model.Where(p => p.Value.Class == QueueRecordClass.QrCheckin).ToList();
            long qrBytes = qrOnly.Sum(p => (long)QueueFormat.RecordBytes(p.Value.Frame.Length));
            if (qrBytes + QueueFormat.RecordBytes(frame.Length) > options.MaxBytes || qrOnly.Count + 1 > options.MaxRecords) return false;
        }
        while (!Fits())
        {
            var victim = model.FirstOrDefault(p => p.Value.Class != QueueRecordClass.QrCheckin);
            uint key = victim.Value.Frame != null ? victim.Key : model.Keys.First();
            model.Remove(key);
        }
        model.Add(seq, (recordClass, frame));
        return true;
    }
}
