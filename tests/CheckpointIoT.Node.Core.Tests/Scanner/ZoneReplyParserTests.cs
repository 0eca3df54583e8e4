using CheckpointIoT.Node.Core.Scanner;

namespace CheckpointIoT.Node.Core.Tests.Scanner;

public class ZoneReplyParserTests
{
    private static byte[] Reply(params byte[] data)
    {
        var frame = new List<byte> { 0x02, 0x00, 0x00, (byte)data.Length };
        frame.AddRange(data);
        int crc = Crc16Ccitt.Compute(frame.ToArray(), 1, frame.Count - 1);
        frame.Add((byte)(crc >> 8));
        frame.Add((byte)crc);
        return frame.ToArray();
    }

    private static List<ZoneReply> FeedAll(ZoneReplyParser parser, byte[] bytes)
    {
        var replies = new List<ZoneReply>();
        foreach (var b in bytes)
        {
            var r = parser.Feed(b);
            if (r != null) replies.Add(r);
        }
        return replies;
    }

    [Fact]
    public void Feed_SuccessReplyByteByByte_OneAck()
    {
        var parser = new ZoneReplyParser();
        var replies = FeedAll(parser, Convert.FromHexString("02000001003331"));
        Assert.True(Assert.Single(replies).IsAck);
        Assert.False(parser.InReply);
    }

    [Fact]
    public void Feed_ReadReplyTwoBytes_Data()
    {
        var replies = FeedAll(new ZoneReplyParser(), Reply(0x1A, 0x00));
        Assert.Equal(new byte[] { 0x1A, 0x00 }, Assert.Single(replies).Data);
    }

    [Fact]
    public void Feed_GarbageAndScanTextBefore_SkipsToReply()
    {
        var parser = new ZoneReplyParser();
        var input = System.Text.Encoding.ASCII.GetBytes("HELLO\r\n").Concat(new byte[] { 0x02, 0x02, 0x00 }).Concat(Reply(0xD4)).ToArray();
        var reply = Assert.Single(FeedAll(parser, input));
        Assert.Equal(new byte[] { 0xD4 }, reply.Data);
        Assert.True(parser.SkippedBytes >= 10);
    }

    [Fact]
    public void Feed_BadCrcThenGoodReply_OnlyGoodReturned()
    {
        var bad = Reply(0x55);
        bad[^1] ^= 0xFF;
        var replies = FeedAll(new ZoneReplyParser(), bad.Concat(Reply(0x66)).ToArray());
        Assert.Equal(new byte[] { 0x66 }, Assert.Single(replies).Data);
    }

    [Fact]
    public void Feed_ReplyHiddenInsideFailedCandidate_Found()
    {
        // "02 00 00 05" promises 5 bytes, but a real reply starts right after: the parser must rescan held bytes.
        var input = new byte[] { 0x02, 0x00, 0x00, 0x05 }.Concat(Reply(0x77)).Concat(new byte[] { 0x00, 0x00, 0x00 }).ToArray();
        var replies = FeedAll(new ZoneReplyParser(), input);
        Assert.Contains(replies, r => r.Length == 1 && r.Data[0] == 0x77);
    }

    [Fact]
    public void Feed_ArrayOverload_ReportsConsumed()
    {
        var parser = new ZoneReplyParser();
        var input = Reply(0x01).Concat(Reply(0x02)).ToArray();
        var first = parser.Feed(input, 0, input.Length, out int consumed);
        Assert.Equal(7, consumed);
        Assert.Equal(0x01, first.Data[0]);
        var second = parser.Feed(input, consumed, input.Length - consumed, out consumed);
        Assert.Equal(0x02, second.Data[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Feed_RandomStreamsWithEmbeddedReplies_EveryReplyValidAndTornFeedsAgree(int seed)
    {
        var rng = new Random(seed);
        var stream = new List<byte>();
        var embedded = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            if (rng.Next(3) == 0)
            {
                var data = new byte[rng.Next(1, 4)];
                rng.NextBytes(data);
                stream.AddRange(Reply(data));
                embedded.Add(Convert.ToHexString(data));
            }
            else
            {
                int n = rng.Next(0, 20);
                for (int k = 0; k < n; k++) stream.Add(rng.Next(4) == 0 ? (byte)0x02 : (byte)rng.Next(256));
            }
        }
        var bytes = stream.ToArray();
        var parser = new ZoneReplyParser();
        var oneByOne = FeedAll(parser, bytes);
        // Every reply returned is one that was embedded, in order (noise may swallow a reply's start, never invent one).
        int next = 0;
        foreach (var r in oneByOne)
        {
            string hex = Convert.ToHexString(r.Data);
            while (next < embedded.Count && embedded[next] != hex) next++;
            Assert.True(next < embedded.Count, "reply not in the stream: " + hex);
            next++;
        }
        Assert.InRange(oneByOne.Count, embedded.Count * 7 / 10, embedded.Count);

        var chunked = new ZoneReplyParser();
        var viaChunks = new List<ZoneReply>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            int n = Math.Min(rng.Next(1, 40), bytes.Length - pos);
            int end = pos + n;
            while (pos < end)
            {
                var r = chunked.Feed(bytes, pos, end - pos, out int used);
                pos += used;
                if (r != null) viaChunks.Add(r);
            }
        }
        Assert.Equal(oneByOne.Select(r => Convert.ToHexString(r.Data)), viaChunks.Select(r => Convert.ToHexString(r.Data)));
    }

    [Fact]
    public void Feed_PureRandomBytes_NeverThrows()
    {
        var rng = new Random(99);
        var parser = new ZoneReplyParser();
        for (int i = 0; i < 200_000; i++) parser.Feed((byte)rng.Next(256));
        Assert.True(parser.SkippedBytes > 0);
    }
}
