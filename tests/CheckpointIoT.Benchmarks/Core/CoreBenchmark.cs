using System.Text;
using System.Text.Json;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Benchmarks.Core;

/// <summary>
/// <c>checkpoint-bench core</c>: allocation and size figures of the node's portable core, measured on .NET
/// (nanoFramework's allocator differs, but allocations that do not happen here do not happen there either).
/// </summary>
public static class CoreBenchmark
{
    private const string IdCard = "001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";

    public static Task<int> RunAsync(string[] args) => Task.FromResult(Run());

    public static int Run()
    {
        Console.WriteLine("core: measuring allocation per scan and per advertisement, and wire/queue sizes...");
        Result("alloc_per_qr_scan_bytes", AllocPerQrScan(), "bytes");
        Result("alloc_per_ble_advert_bytes", AllocPerAdvert(), "bytes");

        byte[] scan = Encoding.UTF8.GetBytes(IdCard);
        var message = Message(scan, 123_456);
        byte[] frame = WireCodec.EncodeCheckin(message);
        Result("qr_payload_bytes", scan.Length, "bytes");
        Result("wire_bytes_per_qr_checkin", frame.Length, "bytes");
        Result("json_bytes_per_qr_checkin", JsonBytes(message, IdCard), "bytes");

        long now = 1_763_790_000_000;
        var gaen = new PresenceRecord
        {
            Type = BeaconType.Gaen, Id = Convert.FromHexString("e7c6d34c71e48baf278bd99be74685bc"),
            FirstSeenMs = now - 60_000, LastSeenMs = now - 2_000, MaxRssi = -55, MeanRssi = -68, Count = 40, AtDoor = true,
        };
        Result("wire_bytes_per_presence_record", PresencePayload.MeasureRecord(gaen, now), "bytes");
        Result("queue_bytes_written_per_record", QueueBytesPerRecord(frame), "bytes");
        return 0;
    }

    private static void Result(string name, double value, string unit) =>
        Console.WriteLine($"RESULT {name}={value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {unit}");

    private static CheckinMessage Message(byte[] scan, uint sequence)
    {
        var message = new CheckinMessage
        {
            Kind = CheckinKind.QrScan, Direction = DoorDirection.In, Sequence = sequence,
            TimestampMs = 1_763_790_000_123, NodeId = "n-a1b2c3",
        };
        message.SetPayload(QrPayload.Encode(QrKind.ChipIdCard, scan, 0, scan.Length));
        return message;
    }

    /// <summary>The same check-in as a JSON document with the same fields (what a naive design would send).</summary>
    private static int JsonBytes(CheckinMessage message, string scan) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            version = 1, nodeId = message.NodeId, sequence = message.Sequence,
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(message.TimestampMs).ToString("O"),
            direction = "in", kind = "qr", qrKind = "cccd", scan,
        }).Length;

    /// <summary>UART bytes → framer → node controller (classify, encode, enqueue, publish), per scan, steady state.</summary>
    private static double AllocPerQrScan()
    {
        var clock = new BenchClock();
        var config = new NodeConfig
        {
            NodeId = "n-a1b2c3", CheckpointId = "cp-1", BrokerHost = "127.0.0.1", MqttUsername = "n-a1b2c3",
            MqttPassword = "benchmark-password", DebounceMs = 0, QueueMaxBytes = 1 << 20,
        };
        var mqtt = new NullMqttLink();
        var queue = new OfflineQueue(new MemoryQueueStorage(), new QueueOptions { MaxBytes = 1 << 20 });
        queue.Open();
        var controller = new NodeController(config, new NodeParts
        {
            Mqtt = mqtt, Clock = clock, Indicator = new NullIndicator(), Log = new NullLog(), Queue = queue,
        });
        controller.Tick();
        var framer = new QrFramer();
        byte[] line = Encoding.UTF8.GetBytes(IdCard + "\r\n");
        void OneScan()
        {
            clock.Advance(5);
            framer.Feed(line, 0, line.Length, clock.UptimeMs);
            var frame = framer.Dequeue()!;
            uint sequence = controller.OnScan(frame.Data, 0, frame.Length);
            queue.Ack(sequence);
        }
        for (int i = 0; i < 2_000; i++) OneScan();
        const int measured = 20_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < measured; i++) OneScan();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)measured;
    }


    /// <summary>PresenceTable.Observe with 200 phones around, steady state.</summary>
    private static double AllocPerAdvert()
    {
        var table = new PresenceTable(256, -70);
        var random = new Random(42);
        var adverts = new byte[200][];
        for (int i = 0; i < adverts.Length; i++)
        {
            var rpi = new byte[16];
            var aem = new byte[4];
            random.NextBytes(rpi);
            random.NextBytes(aem);
            var buffer = new byte[31];
            int length = AdvertisementBuilder.Gaen(buffer, 0, rpi, aem);
            adverts[i] = buffer[..length];
        }
        var address = new byte[] { 1, 2, 3, 4, 5, 6 };
        long now = 1_763_790_000_000;
        for (int i = 0; i < 10_000; i++) table.Observe(address, -60, adverts[i % 200], 0, adverts[i % 200].Length, now + i);
        const int measured = 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < measured; i++)
        {
            var advert = adverts[i % 200];
            table.Observe(address, -50 - (i % 40), advert, 0, advert.Length, now + 10_000 + i);
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)measured;
    }

    /// <summary>Storage bytes appended per record over enqueue + ack cycles (record, ack and segment headers included).</summary>
    private static double QueueBytesPerRecord(byte[] frame)
    {
        var storage = new CountingStorage(new MemoryQueueStorage());
        var queue = new OfflineQueue(storage, new QueueOptions());
        queue.Open();
        const int records = 10_000;
        for (int i = 0; i < records; i++)
        {
            uint sequence = queue.NextSequence();
            queue.Enqueue(QueueRecordClass.QrCheckin, sequence, frame, 0, frame.Length);
            queue.Ack(sequence);
        }
        return storage.BytesAppended / (double)records;
    }

    private sealed class BenchClock : IClock
    {
        public long UtcNowMs { get; private set; } = 1_763_790_000_000;
        public long UptimeMs { get; private set; }
        public bool IsTimeValid => true;
        public void Advance(long ms) { UtcNowMs += ms; UptimeMs += ms; }
    }

    private sealed class NullMqttLink : IMqttLink
    {
        public bool IsConnected { get; private set; }

        public event MqttMessageHandler? MessageReceived { add { } remove { } }
        public bool Connect() => IsConnected = true;
        public void Disconnect() => IsConnected = false;
        public bool Publish(string topic, byte[] payload, bool retain) => true;
        public bool Subscribe(string topic) => true;
    }

    private sealed class NullIndicator : INodeIndicator
    {
        public void Show(NodeSignal signal) { }
    }

    private sealed class NullLog : ILog
    {
        public void Write(LogLevel level, string message) { }
    }

    private sealed class CountingStorage(IQueueStorage inner) : IQueueStorage
    {
        public long BytesAppended { get; private set; }
        public int[] ListSegments() => inner.ListSegments();
        public long Length(int segment) => inner.Length(segment);
        public int Read(int segment, long position, byte[] buffer, int offset, int count) => inner.Read(segment, position, buffer, offset, count);
        public void Append(int segment, byte[] buffer, int offset, int count) { BytesAppended += count; inner.Append(segment, buffer, offset, count); }
        public void Flush(int segment) => inner.Flush(segment);
        public void Truncate(int segment, long length) => inner.Truncate(segment, length);
        public void Delete(int segment) => inner.Delete(segment);
    }
}
