using System.Text;
using CheckpointIoT.Node.Core.Provisioning.Improv;

namespace CheckpointIoT.Node.Core.Tests.Provisioning;

public class ImprovParserTests
{
    private static List<ImprovPacket> FeedAll(ImprovParser parser, byte[] bytes)
    {
        var packets = new List<ImprovPacket>();
        foreach (var b in bytes)
        {
            var p = parser.Feed(b);
            if (p != null) packets.Add(p);
        }
        return packets;
    }

    [Fact]
    public void Feed_PacketsBetweenLogLines_AllFoundNoiseCounted()
    {
        var a = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x02, 0x00 });
        var b = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x03, 0x00 });
        var stream = Encoding.ASCII.GetBytes("I (123) wifi: IMPRO started\r\nIMP").Concat(a).Concat(Encoding.ASCII.GetBytes("IIMPROVE log\n")).Concat(b).ToArray();
        var parser = new ImprovParser();
        var packets = FeedAll(parser, stream);
        Assert.Equal(2, packets.Count);
        Assert.Equal(0x02, packets[0].Data[0]);
        Assert.Equal(0x03, packets[1].Data[0]);
        Assert.True(packets.All(p => p.ChecksumValid));
        Assert.True(parser.NoiseBytes > 30);
    }

    [Fact]
    public void Feed_BadChecksumThenGoodPacket_BothReportedGoodOneValid()
    {
        var bad = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x02, 0x00 });
        bad[^1] ^= 0x55;
        var good = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x04, 0x00 });
        var parser = new ImprovParser();
        var packets = FeedAll(parser, bad.Concat(good).ToArray());
        Assert.Equal(2, packets.Count);
        Assert.False(packets[0].ChecksumValid);
        Assert.True(packets[1].ChecksumValid);
        Assert.Equal(1, parser.BadChecksums);
        Assert.Equal(1, parser.Packets);
    }

    [Fact]
    public void Feed_WrongVersion_Skipped()
    {
        var v2 = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x02, 0x00 });
        v2[6] = 2;
        var good = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x02, 0x00 });
        var packets = FeedAll(new ImprovParser(), v2.Concat(good).ToArray());
        Assert.True(Assert.Single(packets).ChecksumValid);
    }

    [Fact]
    public void Feed_ArrayOverload_StopsAfterFirstPacket()
    {
        var two = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x02, 0x00 }).Concat(ImprovPacketTests.HandPacket(0x03, new byte[] { 0x03, 0x00 })).ToArray();
        var parser = new ImprovParser();
        var first = parser.Feed(two, 0, two.Length, out int used);
        Assert.Equal(12, used);
        Assert.Equal(0x02, first.Data[0]);
        Assert.Equal(0x03, parser.Feed(two, used, two.Length - used, out _).Data[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Feed_RandomNoiseWithMutatedPackets_NoThrowValidPacketsAreRealAndTornFeedsAgree(int seed)
    {
        var rng = new Random(seed);
        var stream = new List<byte>();
        var embedded = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            switch (rng.Next(4))
            {
                case 0:
                {
                    var data = new byte[rng.Next(0, 40)];
                    rng.NextBytes(data);
                    var p = ImprovPacketTests.HandPacket((byte)rng.Next(1, 5), data);
                    embedded.Add(Convert.ToHexString(data));
                    stream.AddRange(p);
                    break;
                }
                case 1:
                {
                    var p = ImprovPacketTests.HandPacket(0x03, new byte[] { 0x01, 0x00 });
                    p[rng.Next(p.Length)] = (byte)rng.Next(256); // mutated
                    stream.AddRange(p.Take(rng.Next(1, p.Length + 1)));
                    break;
                }
                default:
                {
                    int n = rng.Next(0, 30);
                    for (int k = 0; k < n; k++) stream.Add(rng.Next(5) == 0 ? (byte)'I' : (byte)rng.Next(256));
                    break;
                }
            }
        }
        var bytes = stream.ToArray();
        var whole = FeedAll(new ImprovParser(), bytes);
        foreach (var p in whole.Where(p => p.ChecksumValid))
        {
            // A valid packet must round-trip to the same bytes.
            var rebuilt = ImprovPacket.Build(p.Type, p.Data, 0, p.Length);
            Assert.NotNull(ImprovPacket.Parse(rebuilt, 0, rebuilt.Length));
        }
        // Every embedded packet is found unless a truncated mutant just before it swallowed its start.
        int found = embedded.Count(e => whole.Any(p => p.ChecksumValid && Convert.ToHexString(p.Data) == e));
        Assert.InRange(found, embedded.Count * 6 / 10, embedded.Count);

        var chunked = new ImprovParser();
        var viaChunks = new List<ImprovPacket>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            int end = Math.Min(bytes.Length, pos + rng.Next(1, 50));
            while (pos < end)
            {
                var p = chunked.Feed(bytes, pos, end - pos, out int used);
                pos += used;
                if (p != null) viaChunks.Add(p);
            }
        }
        Assert.Equal(whole.Select(p => p.ChecksumValid + Convert.ToHexString(p.Data)), viaChunks.Select(p => p.ChecksumValid + Convert.ToHexString(p.Data)));
    }

    [Fact]
    public void Feed_PureRandomBytes_NeverThrows()
    {
        var rng = new Random(42);
        var parser = new ImprovParser();
        for (int i = 0; i < 200_000; i++) parser.Feed((byte)rng.Next(256));
        Assert.True(parser.NoiseBytes > 0);
    }
}
