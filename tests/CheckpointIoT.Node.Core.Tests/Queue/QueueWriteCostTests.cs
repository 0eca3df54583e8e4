using CheckpointIoT.Node.Core.Queue;
using Xunit.Abstractions;
using static CheckpointIoT.Node.Core.Tests.Queue.QueueTestData;

namespace CheckpointIoT.Node.Core.Tests.Queue;

/// <summary>Flash write cost of the queue (reported as RESULT lines): what one 120-byte QR check-in costs.</summary>
public class QueueWriteCostTests(ITestOutputHelper output)
{
    [Fact]
    public void Enqueue_QrFrame_WritesHeaderPlusFrameInOneAppendAndOneFlush()
    {
        var storage = new MemoryQueueStorage();
        var queue = new OfflineQueue(storage, new QueueOptions());
        queue.Open();
        long bytes = storage.BytesAppended, appends = storage.AppendCalls, flushes = storage.FlushCalls;

        Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, 1, Frame(1), 0, QrFrameBytes));
        long enqueueBytes = storage.BytesAppended - bytes;
        Assert.Equal(1, storage.AppendCalls - appends);
        Assert.Equal(1, storage.FlushCalls - flushes);

        bytes = storage.BytesAppended;
        queue.Ack(1);
        long ackBytes = storage.BytesAppended - bytes;

        output.WriteLine($"RESULT queue_bytes_per_qr_record={enqueueBytes} (frame {QrFrameBytes} + header {QueueFormat.HeaderBytes}); ack={ackBytes}");
        Assert.Equal(QueueFormat.RecordBytes(QrFrameBytes), enqueueBytes);
        Assert.Equal(QueueFormat.HeaderBytes, ackBytes);
    }

    [Fact]
    public void EnqueueAndAck_SteadyOnline_AmortisedBytesPerRecord()
    {
        var storage = new MemoryQueueStorage();
        var queue = new OfflineQueue(storage, new QueueOptions());
        queue.Open();
        long start = storage.BytesAppended, flushes = storage.FlushCalls;
        const int records = 5000;

        for (uint seq = 1; seq <= records; seq++)
        {
            Assert.True(queue.Enqueue(QueueRecordClass.QrCheckin, seq, Frame(seq), 0, QrFrameBytes));
            if (seq > 2) queue.Ack(seq - 2); // two in flight, as with a gateway round trip
        }

        double perRecord = (double)(storage.BytesAppended - start) / records;
        double flushesPerRecord = (double)(storage.FlushCalls - flushes) / records;
        output.WriteLine($"RESULT queue_bytes_per_qr_record_amortised={perRecord:0.##} incl. ack, segment headers and compaction copies; flushes/record={flushesPerRecord:0.##}; segments now {queue.SegmentCount}, relocated {queue.Relocated}, storage {queue.StorageBytes} B");
        Assert.InRange(perRecord, QueueFormat.RecordBytes(QrFrameBytes) + QueueFormat.HeaderBytes, 1.1 * (QueueFormat.RecordBytes(QrFrameBytes) + QueueFormat.HeaderBytes));
        Assert.InRange(queue.StorageBytes, 0, 2L * new QueueOptions().SegmentBytes);
    }
}
