using System.Text;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Wire;

public class WireCodecTests
{
    private static CheckinMessage QrMessage(string scan, uint sequence = 4242)
    {
        var message = new CheckinMessage
        {
            Kind = CheckinKind.QrScan,
            Direction = DoorDirection.Out,
            Sequence = sequence,
            TimestampMs = 1_763_790_000_123,
            NodeId = "n-a1b2c3",
            Replayed = true,
        };
        byte[] bytes = Encoding.UTF8.GetBytes(scan);
        message.SetPayload(QrPayload.Encode(QrKind.ChipIdCard, bytes, 0, bytes.Length));
        return message;
    }

    [Fact]
    public void DecodeCheckin_EncodedQrScan_RoundTripsEveryField()
    {
        var original = QrMessage("001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế|10072021");
        byte[] frame = WireCodec.EncodeCheckin(original);

        var decoded = new CheckinMessage();
        Assert.Equal(DecodeError.None, WireCodec.DecodeCheckin(frame, 0, frame.Length, decoded));
        Assert.Equal(CheckinKind.QrScan, decoded.Kind);
        Assert.Equal(DoorDirection.Out, decoded.Direction);
        Assert.True(decoded.Replayed);
        Assert.False(decoded.OfflineVerdict);
        Assert.Equal(4242u, decoded.Sequence);
        Assert.Equal(1_763_790_000_123, decoded.TimestampMs);
        Assert.Equal("n-a1b2c3", decoded.NodeId);
        Assert.Equal(DecodeError.None, QrPayload.Decode(decoded.Payload, decoded.PayloadOffset, decoded.PayloadCount, out var kind, out int scanOffset, out int scanCount));
        Assert.Equal(QrKind.ChipIdCard, kind);
        Assert.Equal("001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế|10072021", Encoding.UTF8.GetString(decoded.Payload, scanOffset, scanCount));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(127u)]
    [InlineData(128u)]
    [InlineData(16_383u)]
    [InlineData(16_384u)]
    [InlineData(uint.MaxValue)]
    public void DecodeCheckin_SequenceAtVarintBoundary_RoundTrips(uint sequence)
    {
        byte[] frame = WireCodec.EncodeCheckin(QrMessage("x", sequence));
        var decoded = new CheckinMessage();
        Assert.Equal(DecodeError.None, WireCodec.DecodeCheckin(frame, 0, frame.Length, decoded));
        Assert.Equal(sequence, decoded.Sequence);
    }

    [Fact]
    public void EncodeCheckin_QrScan_CostsAtMostPayloadPlus24Bytes()
    {
        string scan = "001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";
        int scanBytes = Encoding.UTF8.GetByteCount(scan);
        byte[] frame = WireCodec.EncodeCheckin(QrMessage(scan, 1_000_000));
        Assert.True(frame.Length <= scanBytes + 24, $"frame {frame.Length} B for a {scanBytes} B scan");
    }

    [Fact]
    public void DecodeCheckin_EveryTruncation_IsRejectedNotThrown()
    {
        byte[] frame = WireCodec.EncodeCheckin(QrMessage("001099012345||An|01011990|Nam|HN|10072021"));
        for (int length = 0; length < frame.Length; length++)
        {
            var error = WireCodec.DecodeCheckin(frame, 0, length, new CheckinMessage());
            Assert.NotEqual(DecodeError.None, error);
        }
    }

    [Fact]
    public void DecodeCheckin_TrailingByte_IsBadLength()
    {
        byte[] frame = WireCodec.EncodeCheckin(QrMessage("abc"));
        byte[] longer = new byte[frame.Length + 1];
        frame.CopyTo(longer, 0);
        Assert.Equal(DecodeError.BadLength, WireCodec.DecodeCheckin(longer, 0, longer.Length, new CheckinMessage()));
    }

    [Fact]
    public void DecodeCheckin_UnknownVersion_IsRejected()
    {
        byte[] frame = WireCodec.EncodeCheckin(QrMessage("abc"));
        frame[0] = 2;
        Assert.Equal(DecodeError.UnknownVersion, WireCodec.DecodeCheckin(frame, 0, frame.Length, new CheckinMessage()));
    }

    [Fact]
    public void DecodeCheckin_OversizedInput_IsRejected()
    {
        byte[] big = new byte[WireFormat.MaxFrameBytes + 1];
        big[0] = 1;
        Assert.Equal(DecodeError.Oversized, WireCodec.DecodeCheckin(big, 0, big.Length, new CheckinMessage()));
    }

    [Fact]
    public void DecodeCheckin_NodeIdWithUppercase_IsBadNodeId()
    {
        byte[] frame = WireCodec.EncodeCheckin(QrMessage("abc"));
        int idStart = Array.IndexOf(frame, (byte)'n');
        frame[idStart] = (byte)'N';
        Assert.Equal(DecodeError.BadNodeId, WireCodec.DecodeCheckin(frame, 0, frame.Length, new CheckinMessage()));
    }

    [Fact]
    public void EncodeCheckin_InvalidNodeId_Throws()
    {
        var message = QrMessage("abc");
        message.NodeId = "Bad Id";
        Assert.Throws<ArgumentException>(() => WireCodec.EncodeCheckin(message));
    }

    [Fact]
    public void DecodeCheckin_RandomAndMutatedInput_NeverThrows()
    {
        var random = new Random(20261122);
        byte[] valid = WireCodec.EncodeCheckin(QrMessage("001099012345||An|01011990|Nam|HN|10072021"));
        var into = new CheckinMessage();
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                int flips = random.Next(1, 4);
                for (int f = 0; f < flips; f++) input[random.Next(input.Length)] = (byte)random.Next(256);
            }
            if (WireCodec.DecodeCheckin(input, 0, input.Length, into) == DecodeError.None)
            {
                accepted++;
                Assert.True(into.PayloadOffset + into.PayloadCount <= input.Length);
                Assert.True(WireFormat.IsValidNodeId(into.NodeId));
            }
        }
        Assert.True(accepted < 20_000);
    }

    [Fact]
    public void DecodeVerdict_EncodedVerdict_RoundTrips()
    {
        var verdict = new VerdictMessage { Sequence = 300, Result = VerdictResult.Fail, Reason = ReasonCode.Denied, DisplayText = "Không được vào" };
        byte[] frame = WireCodec.EncodeVerdict(verdict);
        var decoded = new VerdictMessage();
        Assert.Equal(DecodeError.None, WireCodec.DecodeVerdict(frame, 0, frame.Length, decoded));
        Assert.Equal(300u, decoded.Sequence);
        Assert.Equal(VerdictResult.Fail, decoded.Result);
        Assert.Equal(ReasonCode.Denied, decoded.Reason);
        Assert.Equal("Không được vào", decoded.DisplayText);
    }

    [Fact]
    public void EncodeVerdict_LongDisplayText_IsCutAtCharacterBoundary()
    {
        var verdict = new VerdictMessage { Sequence = 1, Result = VerdictResult.Pass, DisplayText = new string('ữ', 40) };
        byte[] frame = WireCodec.EncodeVerdict(verdict);
        var decoded = new VerdictMessage();
        Assert.Equal(DecodeError.None, WireCodec.DecodeVerdict(frame, 0, frame.Length, decoded));
        Assert.Equal(new string('ữ', 21), decoded.DisplayText);
    }

    [Fact]
    public void DecodeVerdict_EveryTruncation_IsRejected()
    {
        byte[] frame = WireCodec.EncodeVerdict(new VerdictMessage { Sequence = 99999, Result = VerdictResult.Pass, DisplayText = "OK" });
        for (int length = 0; length < frame.Length; length++)
        {
            Assert.NotEqual(DecodeError.None, WireCodec.DecodeVerdict(frame, 0, length, new VerdictMessage()));
        }
    }

    [Fact]
    public void PresencePayload_GaenRecord_RoundTripsWithin32Bytes()
    {
        long now = 1_763_790_000_000;
        var record = new PresenceRecord
        {
            Type = BeaconType.Gaen,
            Id = Convert.FromHexString("e7c6d34c71e48baf278bd99be74685bc"),
            FirstSeenMs = now - 45_000,
            LastSeenMs = now - 5_000,
            MaxRssi = -52,
            MeanRssi = -67,
            Count = 31,
            AtDoor = true,
        };
        Assert.True(PresencePayload.MeasureRecord(record, now) <= 32);
        byte[] payload = PresencePayload.Encode([record, record], 2, now);
        var decoded = PresencePayload.Decode(payload, 0, payload.Length, now, out var error);
        Assert.Equal(DecodeError.None, error);
        Assert.Equal(2, decoded!.Length);
        Assert.Equal(record.Id, decoded[1].Id);
        Assert.Equal(record.FirstSeenMs, decoded[1].FirstSeenMs);
        Assert.Equal(record.LastSeenMs, decoded[1].LastSeenMs);
        Assert.Equal(-52, decoded[1].MaxRssi);
        Assert.Equal(-67, decoded[1].MeanRssi);
        Assert.Equal(31, decoded[1].Count);
        Assert.True(decoded[1].AtDoor);
    }

    [Fact]
    public void PresencePayload_RandomInput_NeverThrows()
    {
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            byte[] input = new byte[random.Next(0, 80)];
            random.NextBytes(input);
            if (input.Length > 0) input[0] = (byte)random.Next(0, 4);
            PresencePayload.Decode(input, 0, input.Length, 0, out _);
        }
    }

    [Fact]
    public void StatusPayload_RoundTrips()
    {
        var status = new NodeStatus { Online = true, FirmwareVersion = "1.2.3", UptimeSeconds = 86_400, FreeMemoryBytes = 61_000, QueueDepth = 12, WifiRssi = -71, Scanner = ScannerHealth.Ok };
        byte[] payload = StatusPayload.Encode(status);
        var decoded = new NodeStatus();
        Assert.Equal(DecodeError.None, StatusPayload.Decode(payload, 0, payload.Length, decoded));
        Assert.True(decoded.Online);
        Assert.Equal("1.2.3", decoded.FirmwareVersion);
        Assert.Equal(86_400u, decoded.UptimeSeconds);
        Assert.Equal(61_000u, decoded.FreeMemoryBytes);
        Assert.Equal(12u, decoded.QueueDepth);
        Assert.Equal(-71, decoded.WifiRssi);
        Assert.Equal(ScannerHealth.Ok, decoded.Scanner);
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(5u, 5u)]
    [InlineData(127u, 127u)]
    [InlineData(1000u, 127u)]
    public void StatusPayload_UnreadableRecords_RoundTripsSaturatingAt127(uint count, uint expected)
    {
        var status = new NodeStatus { Online = true, FirmwareVersion = "1.2.3", UnreadableRecords = count };
        byte[] payload = StatusPayload.Encode(status);
        var decoded = new NodeStatus();
        Assert.Equal(DecodeError.None, StatusPayload.Decode(payload, 0, payload.Length, decoded));
        Assert.Equal(expected, decoded.UnreadableRecords);
        Assert.True(decoded.Online);
    }

    [Fact]
    public void StatusPayload_WithUnreadableRecords_ChangesOnlyFlagBitsAnOlderDecoderIgnores()
    {
        var plain = new NodeStatus { Online = true, FirmwareVersion = "1.2.3", UptimeSeconds = 99, QueueDepth = 4, WifiRssi = -60, Scanner = ScannerHealth.Ok };
        var withCount = new NodeStatus { Online = true, FirmwareVersion = "1.2.3", UptimeSeconds = 99, QueueDepth = 4, WifiRssi = -60, Scanner = ScannerHealth.Ok, UnreadableRecords = 3 };
        byte[] a = StatusPayload.Encode(plain);
        byte[] b = StatusPayload.Encode(withCount);

        // Same length, same bytes after the flags byte, and bit 0 (online: all a v1 decoder reads of it) unchanged.
        Assert.Equal(a.Length, b.Length);
        Assert.Equal(a.AsSpan(1).ToArray(), b.AsSpan(1).ToArray());
        Assert.Equal(a[0] & 1, b[0] & 1);
        Assert.NotEqual(a[0], b[0]);
    }

    [Fact]
    public void StatusPayload_FrameFromAnOlderNode_DecodesWithNoUnreadableRecords()
    {
        // flags online, uptime 10 s, free 0, depth 3, RSSI -71, scanner ok, version "1.0"
        byte[] older = [0x01, 0x0A, 0x00, 0x03, 0xB9, 0x01, 0x03, (byte)'1', (byte)'.', (byte)'0'];
        var decoded = new NodeStatus { UnreadableRecords = 9 };
        Assert.Equal(DecodeError.None, StatusPayload.Decode(older, 0, older.Length, decoded));
        Assert.True(decoded.Online);
        Assert.Equal(3u, decoded.QueueDepth);
        Assert.Equal("1.0", decoded.FirmwareVersion);
        Assert.Equal(0u, decoded.UnreadableRecords);
    }

    [Theory]
    [InlineData("cp/v1/n-a1b2c3/up", true, "n-a1b2c3", "up")]
    [InlineData("cp/v1/n-a1b2c3/verdict", true, "n-a1b2c3", "verdict")]
    [InlineData("cp/v1/N-A1/up", false, null, null)]
    [InlineData("cp/v1/n-a1b2c3/up/extra", false, null, null)]
    [InlineData("cp/v2/n-a1b2c3/up", false, null, null)]
    public void TopicsTryParse_VariousTopics_SplitsOnlyValidOnes(string topic, bool ok, string? node, string? leaf)
    {
        Assert.Equal(ok, Topics.TryParse(topic, out var nodeId, out var parsedLeaf));
        if (ok)
        {
            Assert.Equal(node, nodeId);
            Assert.Equal(leaf, parsedLeaf);
        }
    }

    [Fact]
    public void Utf8Decode_InvalidBytes_BecomeReplacementCharacters()
    {
        byte[] bytes = [0x41, 0xC3, 0x28, 0xE2, 0x82, 0x41, 0xF0, 0x9F, 0x98, 0x80];
        string text = Utf8.Decode(bytes, 0, bytes.Length);
        Assert.Equal("A\uFFFD(\uFFFD\uFFFDA😀", text);
    }
}
