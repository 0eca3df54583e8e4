using CheckpointIoT.Node.Core.Ble;

namespace CheckpointIoT.Node.Core.Tests.Ble;

public class AdvertisementParserTests
{
    [Fact]
    public void MoveNext_WellFormedStructures_YieldsEachTypeAndData()
    {
        byte[] data = Convert.FromHexString("020106" + "03036FFD" + "0109");
        var parser = new AdvertisementParser();
        parser.Reset(data, 0, data.Length);

        Assert.True(parser.MoveNext());
        Assert.Equal((AdType.Flags, 2, 1), (parser.Type, parser.DataOffset, parser.DataLength));
        Assert.True(parser.MoveNext());
        Assert.Equal((AdType.Complete16BitUuids, 5, 2), (parser.Type, parser.DataOffset, parser.DataLength));
        Assert.True(parser.MoveNext());
        Assert.Equal((AdType.CompleteLocalName, 9, 0), (parser.Type, parser.DataOffset, parser.DataLength));
        Assert.False(parser.MoveNext());
        Assert.False(parser.Malformed);
    }

    [Fact]
    public void MoveNext_ZeroLengthStructure_EndsWithoutMalformed()
    {
        byte[] data = Convert.FromHexString("020106" + "00" + "03036FFD");
        var parser = new AdvertisementParser();
        parser.Reset(data, 0, data.Length);

        Assert.True(parser.MoveNext());
        Assert.False(parser.MoveNext());
        Assert.False(parser.Malformed);
    }

    [Fact]
    public void MoveNext_LengthPastEnd_StopsAndFlagsMalformed()
    {
        byte[] data = Convert.FromHexString("020106" + "09FF4C00");
        var parser = new AdvertisementParser();
        parser.Reset(data, 0, data.Length);

        Assert.True(parser.MoveNext());
        Assert.False(parser.MoveNext());
        Assert.True(parser.Malformed);
    }

    [Fact]
    public void Reset_WindowInsideLargerBuffer_StaysInsideWindow()
    {
        // The window holds one structure; the next bytes (outside it) would be a valid structure too.
        byte[] data = Convert.FromHexString("FFFF" + "020106" + "03036FFD");
        var parser = new AdvertisementParser();
        parser.Reset(data, 2, 3);

        Assert.True(parser.MoveNext());
        Assert.Equal(AdType.Flags, parser.Type);
        Assert.False(parser.MoveNext());
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(0, -5)]
    [InlineData(10, 1)]
    [InlineData(3, 0)]
    public void Reset_OutOfRangeWindow_YieldsNothing(int offset, int count)
    {
        byte[] data = Convert.FromHexString("020106");
        var parser = new AdvertisementParser();
        parser.Reset(data, offset, count);

        Assert.False(parser.MoveNext());
    }

    [Fact]
    public void Reset_CountPastEndOfArray_IsClamped()
    {
        byte[] data = Convert.FromHexString("020106");
        var parser = new AdvertisementParser();
        parser.Reset(data, 0, 1000);

        Assert.True(parser.MoveNext());
        Assert.False(parser.MoveNext());
    }

    [Fact]
    public void Reset_NullData_YieldsNothing()
    {
        var parser = new AdvertisementParser();
        parser.Reset(null!, 0, 10);

        Assert.False(parser.MoveNext());
    }

    [Fact]
    public void MoveNext_RandomAndMutatedInputs_NeverThrowsAndStaysInWindow()
    {
        var random = new Random(20240611);
        var parser = new AdvertisementParser();
        var classifier = new BeaconClassifier();
        var identity = new BeaconIdentity();
        var table = new PresenceTable(64, -60);
        byte[][] seeds = BeaconSamples.All();
        int structures = 0;

        for (int n = 0; n < 10_000; n++)
        {
            byte[] data;
            if (n % 2 == 0)
            {
                data = new byte[random.Next(0, 64)];
                random.NextBytes(data);
            }
            else
            {
                data = (byte[])seeds[random.Next(seeds.Length)].Clone();
                int mutations = 1 + random.Next(4);
                for (int m = 0; m < mutations && data.Length > 0; m++)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }
                if (random.Next(4) == 0) Array.Resize(ref data, random.Next(data.Length + 1));
            }
            bool wholeBuffer = random.Next(4) != 0;
            int offset = wholeBuffer ? 0 : random.Next(-2, data.Length + 2);
            int count = wholeBuffer ? data.Length : random.Next(-2, data.Length + 4);
            int windowStart = Math.Max(offset, 0);
            int windowEnd = (int)Math.Max(Math.Min((long)offset + count, data.Length), 0);

            parser.Reset(data, offset, count);
            while (parser.MoveNext())
            {
                structures++;
                Assert.InRange(parser.DataOffset, windowStart + 2, windowEnd);
                Assert.InRange(parser.DataOffset + parser.DataLength, parser.DataOffset, windowEnd);
            }
            classifier.Classify(new byte[] { 1, 2, 3, 4, 5, 6 }, data, offset, count, identity);
            Assert.InRange(identity.IdLength, 0, PresenceRecord.MaxIdBytes);
            table.Observe(new byte[] { 1, 2, 3, 4, 5, (byte)n }, -70, data, offset, count, n);
        }

        // Coverage guard: the mutated half must still reach real structures, not only the malformed-length exits.
        Assert.True(structures > 2_500, "too few well-formed structures: " + structures);
        Assert.InRange(table.Count, 1, table.Capacity);
    }
}
