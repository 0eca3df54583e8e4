using CheckpointIoT.Node.Core.Queue;

namespace CheckpointIoT.Node.Core.Tests.Queue;

public static class QueueTestData
{
    public const int QrFrameBytes = 120;

    /// <summary>A deterministic frame for a sequence (content depends on seq and length).</summary>
    public static byte[] Frame(uint sequence, int length = QrFrameBytes)
    {
        var frame = new byte[length];
        new Random((int)sequence * 7919 + length).NextBytes(frame);
        return frame;
    }

    /// <summary>Small segments (3 records of 120 bytes each) so that tests cross segment boundaries quickly.</summary>
    public static QueueOptions SmallOptions(int maxBytes = 64 * 1024) => new()
    {
        MaxRecordBytes = 200,
        SegmentBytes = 2 * (QueueFormat.HeaderBytes + 200) + QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes,
        MaxBytes = maxBytes,
        MaxRecords = 1000,
    };

    public static Dictionary<uint, byte[]> Pending(OfflineQueue queue)
    {
        var result = new Dictionary<uint, byte[]>();
        var record = new QueuedRecord();
        for (int i = 0; i < queue.PendingCount; i++)
        {
            Assert.True(queue.TryGetPending(i, record), "pending record " + i + " unreadable");
            Assert.Equal(queue.PendingSequence(i), record.Sequence);
            result.Add(record.Sequence, record.CopyFrame());
        }
        return result;
    }

    public static uint[] PendingSequences(OfflineQueue queue)
    {
        var result = new uint[queue.PendingCount];
        for (int i = 0; i < result.Length; i++) result[i] = queue.PendingSequence(i);
        return result;
    }
}
