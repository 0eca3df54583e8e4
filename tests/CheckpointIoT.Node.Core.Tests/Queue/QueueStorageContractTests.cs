using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Tests.Queue.Fakes;
using static CheckpointIoT.Node.Core.Tests.Queue.QueueTestData;

namespace CheckpointIoT.Node.Core.Tests.Queue;

/// <summary>
/// The contract every <see cref="IQueueStorage"/> must meet, and the offline queue's crash safety on top of it:
/// run once per implementation (memory, files). Power cuts are injected by <see cref="PowerCutStorage"/>.
/// </summary>
public abstract class QueueStorageContractTests : IDisposable
{
    private PowerCutStorage? _current;

    /// <summary>Wipes the persistent medium.</summary>
    protected abstract void Erase();

    /// <summary>A storage instance for a (re)boot over the same medium; earlier instances are released.</summary>
    protected abstract IQueueStorage Boot();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected PowerCutStorage Current => _current ?? throw new InvalidOperationException("no queue opened");

    protected OfflineQueue OpenQueue(QueueOptions? options = null)
    {
        _current = new PowerCutStorage(Boot());
        var queue = new OfflineQueue(_current, options ?? SmallOptions());
        queue.Open();
        return queue;
    }

    // ----- the storage contract -----

    [Fact]
    public void ListSegments_NothingWritten_ReturnsEmpty()
    {
        Erase();
        Assert.Empty(Boot().ListSegments());
    }

    [Fact]
    public void ListSegments_SegmentsCreatedOutOfOrder_ReturnsAscendingIds()
    {
        Erase();
        IQueueStorage storage = Boot();
        foreach (int id in new[] { 3, 12, 1 }) storage.Append(id, new byte[] { 1 }, 0, 1);

        Assert.Equal(new[] { 1, 3, 12 }, storage.ListSegments());
    }

    [Fact]
    public void Append_ThenReboot_ReadReturnsSameBytes()
    {
        Erase();
        IQueueStorage storage = Boot();
        byte[] first = Frame(1, 50), second = Frame(2, 70);
        storage.Append(7, first, 0, first.Length);
        storage.Append(7, second, 10, 60);
        storage.Flush(7);

        storage = Boot();
        byte[] read = new byte[200];
        int n = 0;
        while (n < 110)
        {
            int got = storage.Read(7, n, read, n, 200 - n);
            Assert.True(got > 0);
            n += got;
        }

        Assert.Equal(110, storage.Length(7));
        Assert.Equal(first.Concat(second.Skip(10)).ToArray(), read.Take(110).ToArray());
    }

    [Fact]
    public void Read_AtOrPastEnd_ReturnsZero()
    {
        Erase();
        IQueueStorage storage = Boot();
        storage.Append(1, new byte[] { 1, 2, 3 }, 0, 3);

        Assert.Equal(0, storage.Read(1, 3, new byte[4], 0, 4));
        Assert.Equal(0, storage.Read(1, 100, new byte[4], 0, 4));
        Assert.Equal(0, storage.Read(99, 0, new byte[4], 0, 4));
    }

    [Fact]
    public void Length_MissingSegment_IsZero()
    {
        Erase();
        Assert.Equal(0, Boot().Length(42));
    }

    [Fact]
    public void Truncate_CutsTailAndAppendContinuesThere()
    {
        Erase();
        IQueueStorage storage = Boot();
        storage.Append(1, new byte[] { 1, 2, 3, 4, 5 }, 0, 5);
        storage.Truncate(1, 2);
        storage.Append(1, new byte[] { 9 }, 0, 1);
        storage.Flush(1);

        storage = Boot();
        byte[] read = new byte[8];
        Assert.Equal(3, storage.Length(1));
        Assert.Equal(3, storage.Read(1, 0, read, 0, 8));
        Assert.Equal(new byte[] { 1, 2, 9 }, read.Take(3).ToArray());
    }

    [Fact]
    public void Delete_ExistingAndMissingSegments_RemovesWithoutError()
    {
        Erase();
        IQueueStorage storage = Boot();
        storage.Append(1, new byte[] { 1 }, 0, 1);
        storage.Append(2, new byte[] { 2 }, 0, 1);

        storage.Delete(1);
        storage.Delete(5);

        Assert.Equal(new[] { 2 }, Boot().ListSegments());
    }

    // ----- the queue over this storage -----

    [Fact]
    public void Enqueue_ThenReopen_ReplaysOldestFirstWithIntactFrames()
    {
        Erase();
        OfflineQueue queue = OpenQueue();
        for (uint seq = 1; seq <= 10; seq++) Assert.True(queue.Enqueue(seq % 3 == 0 ? QueueRecordClass.Presence : QueueRecordClass.QrCheckin, seq, Frame(seq, 40 + (int)seq * 10), 0, 40 + (int)seq * 10));

        OfflineQueue reopened = OpenQueue();

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (uint)i), PendingSequences(reopened));
        foreach (var pair in Pending(reopened)) Assert.Equal(Frame(pair.Key, 40 + (int)pair.Key * 10), pair.Value);
        Assert.Equal(QueueRecordClass.Presence, reopened.PendingClass(2));
        Assert.Equal(10u, reopened.LastSequence);
    }

    [Fact]
    public void Enqueue_TornAtEveryByteOffset_KeepsEarlierRecordsAndRecovers()
    {
        // Default options: the op is exactly one 134-byte append into the active segment.
        var options = new QueueOptions();
        int points = ForEveryCrashPoint(
            options,
            setup: queue =>
            {
                for (uint seq = 1; seq <= 5; seq++) Assert.True(queue.Enqueue(seq == 3 ? QueueRecordClass.Presence : QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes));
                queue.Ack(2);
                queue.Ack(4);
            },
            operation: queue => queue.Enqueue(QueueRecordClass.QrCheckin, 6, Frame(6), 0, QrFrameBytes),
            mayRemove: Array.Empty<uint>(),
            mayAdd: new Dictionary<uint, byte[]> { [6] = Frame(6) });

        Assert.Equal(QueueFormat.RecordBytes(QrFrameBytes), points);
    }

    [Fact]
    public void Enqueue_CrashAtEveryPointOfSegmentRollover_KeepsEarlierRecords()
    {
        ForEveryCrashPoint(
            SmallOptions(),
            setup: queue =>
            {
                for (uint seq = 1; seq <= 3; seq++) Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes));
                Assert.Equal(1, queue.SegmentCount);
            },
            operation: queue => Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, 4, Frame(4), 0, QrFrameBytes) || Current.Dead),
            mayRemove: Array.Empty<uint>(),
            mayAdd: new Dictionary<uint, byte[]> { [4] = Frame(4) });
    }

    [Fact]
    public void Ack_CrashAtEveryPointOfRolloverCompactionAndDelete_LosesNothingButTheAck()
    {
        // Segment 1 holds 1..3, segment 2 holds 4..6 plus ack(1); ack(2) rolls over to segment 3, which makes
        // segment 1 mostly dead and old enough: record 3 is copied forward and segment 1 deleted. Every append,
        // the copy and the delete are crash points.
        var mutations = new List<int>();
        ForEveryCrashPoint(
            SmallOptions(),
            setup: queue =>
            {
                for (uint seq = 1; seq <= 6; seq++) Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes));
                queue.Ack(1);
                Assert.Equal(2, queue.SegmentCount);
            },
            operation: queue => queue.Ack(2),
            mayRemove: new uint[] { 2 },
            mayAdd: new Dictionary<uint, byte[]>(),
            dryRun: (queue, log) =>
            {
                mutations.AddRange(log);
                Assert.Equal(2, queue.SegmentCount);
                Assert.Equal(1, queue.Relocated);
            });

        // header of segment 2, the ack, the copy of record 3, the delete of segment 1
        Assert.Equal(new[] { QueueFormat.HeaderBytes + 4, QueueFormat.HeaderBytes, QueueFormat.RecordBytes(QrFrameBytes), -1 }, mutations);
    }

    [Fact]
    public void Enqueue_CrashAtEveryPointOfOverflowDrop_KeepsQrRecords()
    {
        QueueOptions options = SmallOptions(maxBytes: 3 * QueueFormat.RecordBytes(QrFrameBytes) + 10);
        options.MaxRecordBytes = QrFrameBytes + 10;
        ForEveryCrashPoint(
            options,
            setup: queue =>
            {
                Assert.True(queue.Enqueue(QueueRecordClass.Presence, 1, Frame(1), 0, QrFrameBytes));
                Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, 2, Frame(2), 0, QrFrameBytes));
                Assert.True(queue.Enqueue(QueueRecordClass.Status, 3, Frame(3), 0, QrFrameBytes));
            },
            operation: queue => queue.Enqueue(QueueRecordClass.QrCheckin, 4, Frame(4), 0, QrFrameBytes),
            mayRemove: new uint[] { 1 },
            mayAdd: new Dictionary<uint, byte[]> { [4] = Frame(4) },
            dryRun: (queue, log) => Assert.Equal(new uint[] { 2, 3, 4 }, PendingSequences(queue)));
    }

    [Fact]
    public void Ack_AllRecordsOfOlderSegments_DeletesThoseSegments()
    {
        Erase();
        OfflineQueue queue = OpenQueue();
        for (uint seq = 1; seq <= 9; seq++) queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes);
        int[] before = Current.ListSegments();
        Assert.True(before.Length >= 3);

        for (uint seq = 1; seq <= 3; seq++) queue.Ack(seq);
        int[] afterFirstSegment = Current.ListSegments();
        for (uint seq = 4; seq <= 9; seq++) queue.Ack(seq);
        int[] afterAll = Current.ListSegments();

        Assert.DoesNotContain(before[0], afterFirstSegment);
        Assert.Single(afterAll);
        Assert.Equal(0, queue.PendingCount);
        Assert.Equal(Current.ListSegments().Sum(id => Current.Length(id)), queue.StorageBytes);
    }

    [Fact]
    public void Open_AfterFullDrainAndSegmentDeletion_SequenceSurvives()
    {
        Erase();
        OfflineQueue queue = OpenQueue();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 4; i++)
            {
                uint seq = queue.NextSequence();
                Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes));
            }
            for (int i = queue.PendingCount - 1; i >= 0; i--) queue.Ack(queue.PendingSequence(i));
        }
        Assert.Equal(20u, queue.LastSequence);
        Assert.Equal(0, queue.PendingCount);

        OfflineQueue reopened = OpenQueue();

        Assert.Equal(20u, reopened.LastSequence);
        Assert.Equal(21u, reopened.NextSequence());
        Assert.Equal(0, reopened.PendingCount);
        Assert.Single(Current.ListSegments());
    }

    [Fact]
    public void Open_GarbageAfterLastRecord_TruncatesItAndKeepsRecords()
    {
        Erase();
        OfflineQueue queue = OpenQueue();
        for (uint seq = 1; seq <= 2; seq++) queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes);
        int last = Current.ListSegments().Last();
        byte[] garbage = Frame(99, 37);
        Current.Inner.Append(last, garbage, 0, garbage.Length);
        Current.Inner.Flush(last);

        OfflineQueue reopened = OpenQueue();

        Assert.Equal(new uint[] { 1, 2 }, PendingSequences(reopened));
        Assert.Equal(garbage.Length, reopened.TruncatedBytes);
        Assert.True(reopened.Enqueue(QueueRecordClass.QrCheckin, 3, Frame(3), 0, QrFrameBytes));
        Assert.Equal(new uint[] { 1, 2, 3 }, PendingSequences(OpenQueue()));
    }

    /// <summary>
    /// Runs <paramref name="operation"/> once to learn its mutating storage calls, then for every call and (for an
    /// append) every byte count it might have persisted: rebuilds the state, cuts the power there, reboots and checks
    /// that nothing but the operation's own effect was lost, that LastSequence is sane, and that the queue works on.
    /// Returns the number of crash points tried.
    /// </summary>
    protected int ForEveryCrashPoint(
        QueueOptions options,
        Action<OfflineQueue> setup,
        Action<OfflineQueue> operation,
        IReadOnlyCollection<uint> mayRemove,
        IReadOnlyDictionary<uint, byte[]> mayAdd,
        Action<OfflineQueue, int[]>? dryRun = null)
    {
        Erase();
        OfflineQueue queue = OpenQueue(options);
        setup(queue);
        Dictionary<uint, byte[]> before = Pending(queue);
        uint lastBefore = queue.LastSequence;
        int start = Current.Mutations;
        operation(queue);
        int[] log = Current.MutationLog.Skip(start).ToArray();
        Assert.NotEmpty(log);
        dryRun?.Invoke(queue, log);
        // Without a crash the operation's effect must survive a reboot exactly as it stands in memory.
        uint[] completed = PendingSequences(queue);
        Dictionary<uint, byte[]> completedFrames = Pending(queue);
        OfflineQueue rebooted = OpenQueue(options);
        Assert.Equal(completed, PendingSequences(rebooted));
        foreach (var pair in Pending(rebooted)) Assert.Equal(completedFrames[pair.Key], pair.Value);
        AssertRecovered(rebooted, before, lastBefore, mayRemove, mayAdd, options, "no crash");

        int points = 0;
        for (int m = 0; m < log.Length; m++)
        {
            int tears = log[m] < 0 ? 1 : log[m];
            for (int k = 0; k < tears; k++)
            {
                string where = "crash at mutation " + m + " after " + k + " bytes";
                Erase();
                queue = OpenQueue(options);
                setup(queue);
                Current.CutPowerAt(Current.Mutations + m, k);
                try
                {
                    operation(queue);
                }
                catch (IOException)
                {
                }
                Assert.True(Current.Dead, where + ": not reached");

                OfflineQueue recovered = OpenQueue(options);
                AssertRecovered(recovered, before, lastBefore, mayRemove, mayAdd, options, where);
                points++;
            }
        }
        return points;
    }

    private void AssertRecovered(OfflineQueue queue, Dictionary<uint, byte[]> before, uint lastBefore,
        IReadOnlyCollection<uint> mayRemove, IReadOnlyDictionary<uint, byte[]> mayAdd, QueueOptions options, string where)
    {
        Dictionary<uint, byte[]> after = Pending(queue);
        foreach (var pair in before)
        {
            if (mayRemove.Contains(pair.Key)) continue;
            Assert.True(after.ContainsKey(pair.Key), where + ": lost record " + pair.Key);
            Assert.True(pair.Value.AsSpan().SequenceEqual(after[pair.Key]), where + ": record " + pair.Key + " changed");
        }
        foreach (var pair in after)
        {
            byte[] expected = before.TryGetValue(pair.Key, out byte[]? b) ? b : mayAdd.TryGetValue(pair.Key, out byte[]? a) ? a : null!;
            Assert.True(expected != null, where + ": unexpected record " + pair.Key);
            Assert.True(expected.AsSpan().SequenceEqual(pair.Value), where + ": record " + pair.Key + " corrupted");
        }
        uint maxAllowed = mayAdd.Count == 0 ? lastBefore : Math.Max(lastBefore, mayAdd.Keys.Max());
        Assert.InRange(queue.LastSequence, lastBefore, maxAllowed);
        Assert.Equal(Current.ListSegments().Sum(id => Current.Length(id)), queue.StorageBytes);

        // The queue keeps working and the new record is durable.
        uint next = queue.NextSequence();
        Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, next, Frame(next), 0, QrFrameBytes), where + ": enqueue after recovery");
        OfflineQueue again = OpenQueue(options);
        uint[] sequences = PendingSequences(again);
        Assert.Contains(next, sequences);
        Assert.Equal(next, again.LastSequence);
        Assert.Equal(PendingSequences(queue), sequences);
    }
}

public sealed class MemoryQueueStorageContractTests : QueueStorageContractTests
{
    private MemoryQueueStorage _storage = new();

    protected override void Erase() => _storage = new MemoryQueueStorage();

    protected override IQueueStorage Boot()
    {
        _storage.PowerOn();
        return _storage;
    }
}

public sealed class FileQueueStorageContractTests : QueueStorageContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "checkpoint-queue-tests", Guid.NewGuid().ToString("N"));
    private CheckpointIoT.Node.Host.Storage.FileQueueStorage? _storage;

    protected override void Erase()
    {
        _storage?.Dispose();
        _storage = null;
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    protected override IQueueStorage Boot()
    {
        _storage?.Dispose();
        // fsync adds nothing to the simulated power cuts (the decorator decides what persisted) and costs
        // seconds over thousands of crash points; the durable path has its own test below.
        _storage = new CheckpointIoT.Node.Host.Storage.FileQueueStorage(_directory, durableFlush: false);
        return _storage;
    }

    [Fact]
    public void Flush_DurableStorage_QueueRoundTripsThroughFsync()
    {
        Erase();
        using (var durable = new CheckpointIoT.Node.Host.Storage.FileQueueStorage(_directory))
        {
            var queue = new OfflineQueue(durable, SmallOptions());
            queue.Open();
            for (uint seq = 1; seq <= 4; seq++) Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes));
            queue.Ack(1);
        }

        OfflineQueue reopened = OpenQueue();

        Assert.Equal(new uint[] { 2, 3, 4 }, PendingSequences(reopened));
        Assert.Equal(Frame(3), Pending(reopened)[3]);
    }

    public override void Dispose()
    {
        Erase();
        base.Dispose();
    }

    [Fact]
    public void ListSegments_ForeignFilesInDirectory_AreIgnored()
    {
        Erase();
        IQueueStorage storage = Boot();
        storage.Append(2, new byte[] { 1 }, 0, 1);
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "x");
        File.WriteAllText(Path.Combine(_directory, "0000000x.q"), "x");
        File.WriteAllText(Path.Combine(_directory, "00000000.q"), "x");

        Assert.Equal(new[] { 2 }, Boot().ListSegments());
    }
}
