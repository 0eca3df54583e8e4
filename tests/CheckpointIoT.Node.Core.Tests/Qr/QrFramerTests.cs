using System.Text;
using CheckpointIoT.Node.Core.Qr;

namespace CheckpointIoT.Node.Core.Tests.Qr;

public class QrFramerTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static List<QrFrame> Drain(QrFramer framer)
    {
        var frames = new List<QrFrame>();
        QrFrame? f;
        while ((f = framer.Dequeue()) != null) frames.Add(f);
        return frames;
    }

    private static void Feed(QrFramer framer, byte[] bytes, long nowMs) => framer.Feed(bytes, 0, bytes.Length, nowMs);

    [Fact]
    public void Feed_CrTerminated_EmitsOneFrame()
    {
        var framer = new QrFramer();
        Feed(framer, B("HELLO\r"), 1000);
        var frames = Drain(framer);
        Assert.Single(frames);
        Assert.Equal("HELLO", frames[0].Text);
        Assert.Equal(QrFrameError.None, frames[0].Error);
        Assert.Equal(1000, frames[0].ReceivedMs);
    }

    [Fact]
    public void Feed_CrLf_EmitsOneFrameAndNoEmptySecond()
    {
        var framer = new QrFramer();
        Feed(framer, B("HELLO\r\n"), 0);
        Assert.Equal(1, framer.Count);
        Assert.Equal("HELLO", framer.Dequeue().Text);
        framer.Poll(10_000);
        Assert.Equal(0, framer.Count);
        Assert.False(framer.HasPartial);
    }

    [Fact]
    public void Feed_CrLfSplitAcrossChunks_EmitsOneFrame()
    {
        var framer = new QrFramer();
        Feed(framer, B("ABC\r"), 0);
        Feed(framer, B("\nDEF\r"), 5);
        Feed(framer, B("\n"), 10);
        var frames = Drain(framer);
        Assert.Equal(new[] { "ABC", "DEF" }, frames.Select(f => f.Text).ToArray());
    }

    [Fact]
    public void Feed_LfTerminated_EmitsFrame()
    {
        var framer = new QrFramer();
        Feed(framer, B("X1\nX2\n"), 0);
        Assert.Equal(new[] { "X1", "X2" }, Drain(framer).Select(f => f.Text).ToArray());
    }

    [Fact]
    public void Poll_AfterIdleGapWithoutTerminator_ClosesFrameAtLastByteTime()
    {
        var framer = new QrFramer(2048, 30);
        Feed(framer, B("NO-TERMINATOR"), 500);
        framer.Poll(529);
        Assert.Equal(0, framer.Count);
        Assert.True(framer.HasPartial);
        framer.Poll(530);
        var frame = Assert.Single(Drain(framer));
        Assert.Equal("NO-TERMINATOR", frame.Text);
        Assert.Equal(500, frame.ReceivedMs);
    }

    [Fact]
    public void Feed_AfterIdleGap_StartsNewFrame()
    {
        var framer = new QrFramer(2048, 30);
        Feed(framer, B("FIRST"), 0);
        Feed(framer, B("SECOND"), 100);
        framer.Poll(200);
        Assert.Equal(new[] { "FIRST", "SECOND" }, Drain(framer).Select(f => f.Text).ToArray());
    }

    [Fact]
    public void Feed_BytesWithinGap_StayInOneFrame()
    {
        var framer = new QrFramer(2048, 30);
        Feed(framer, B("PART1-"), 0);
        Feed(framer, B("PART2"), 20);
        Feed(framer, B("\r\n"), 40);
        Assert.Equal("PART1-PART2", Assert.Single(Drain(framer)).Text);
    }

    [Fact]
    public void Feed_NulAndLoneTerminators_AreNoise()
    {
        var framer = new QrFramer();
        Feed(framer, new byte[] { 0x00, 0x0D, 0x0A, 0x0A, 0x41, 0x00, 0x42, 0x0D, 0x0D, 0x00 }, 0);
        framer.Poll(1000);
        var frame = Assert.Single(Drain(framer));
        Assert.Equal("AB", frame.Text);
        Assert.Equal(7, framer.NoiseBytes);
    }

    [Fact]
    public void Feed_LengthFramed_EmitsPayloadWithoutHeader()
    {
        var framer = new QrFramer();
        var bytes = new byte[] { 0x03, 0x00, 0x05 }.Concat(B("HELLO")).ToArray();
        Feed(framer, bytes, 0);
        var frame = Assert.Single(Drain(framer));
        Assert.Equal("HELLO", frame.Text);
        Assert.False(framer.HasPartial);
    }

    [Fact]
    public void Feed_LengthFramedBinaryWithCrLfAndNul_KeepsEveryByte()
    {
        var framer = new QrFramer();
        var payload = new byte[] { 0x0D, 0x0A, 0x00, 0xFF, 0x03 };
        Feed(framer, new byte[] { 0x03, 0x00, (byte)payload.Length }.Concat(payload).ToArray(), 0);
        Assert.Equal(payload, Assert.Single(Drain(framer)).Data);
    }

    [Fact]
    public void Feed_LengthFramedThenText_BothFramed()
    {
        var framer = new QrFramer();
        Feed(framer, new byte[] { 0x03, 0x00, 0x02, 0x41, 0x42 }.Concat(B("\r\nTEXT\r\n")).ToArray(), 0);
        Assert.Equal(new[] { "AB", "TEXT" }, Drain(framer).Select(f => f.Text).ToArray());
    }

    [Fact]
    public void Poll_LengthFramedCutShort_EmitsTruncatedError()
    {
        var framer = new QrFramer(2048, 30);
        Feed(framer, new byte[] { 0x03, 0x00, 0x0A, 0x41, 0x42, 0x43 }, 0);
        framer.Poll(100);
        var frame = Assert.Single(Drain(framer));
        Assert.Equal(QrFrameError.Truncated, frame.Error);
        Assert.Equal(0, frame.Length);
        Assert.Equal(3, frame.DroppedBytes);
    }

    [Fact]
    public void Feed_ControlByte03NotFollowedByNul_IsOrdinaryText()
    {
        var framer = new QrFramer();
        Feed(framer, new byte[] { 0x03, 0x41, 0x0D }, 0);
        Assert.Equal(new byte[] { 0x03, 0x41 }, Assert.Single(Drain(framer)).Data);
    }

    [Fact]
    public void Feed_ScanOfExactlyCap_EmitsWholeScan()
    {
        var framer = new QrFramer(2048, 30);
        var scan = Enumerable.Repeat((byte)'Q', 2048).ToArray();
        Feed(framer, scan.Concat(B("\r\n")).ToArray(), 0);
        var frame = Assert.Single(Drain(framer));
        Assert.Equal(QrFrameError.None, frame.Error);
        Assert.Equal(2048, frame.Length);
    }

    [Fact]
    public void Feed_OversizeScan_EmitsOversizeErrorAndResyncsAtTerminator()
    {
        var framer = new QrFramer(2048, 30);
        var scan = Enumerable.Repeat((byte)'Q', 2049).ToArray();
        Feed(framer, scan.Concat(B("\r\nNEXT\r\n")).ToArray(), 0);
        var frames = Drain(framer);
        Assert.Equal(2, frames.Count);
        Assert.Equal(QrFrameError.Oversize, frames[0].Error);
        Assert.Equal(0, frames[0].Length);
        Assert.Equal(2049, frames[0].DroppedBytes);
        Assert.Equal("NEXT", frames[1].Text);
    }

    [Fact]
    public void Poll_OversizeWithoutTerminator_EmitsOversizeAtIdleGap()
    {
        var framer = new QrFramer(100, 30);
        Feed(framer, Enumerable.Repeat((byte)'Z', 300).ToArray(), 0);
        framer.Poll(50);
        var frame = Assert.Single(Drain(framer));
        Assert.Equal(QrFrameError.Oversize, frame.Error);
        Assert.Equal(300, frame.DroppedBytes);
    }

    [Fact]
    public void Feed_QueueFull_DropsOldestAndCounts()
    {
        var framer = new QrFramer(2048, 30, 2);
        Feed(framer, B("A\rB\rC\r"), 0);
        Assert.Equal(1, framer.DroppedFrames);
        Assert.Equal(new[] { "B", "C" }, Drain(framer).Select(f => f.Text).ToArray());
    }

    [Fact]
    public void Text_InvalidUtf8_DecodesWithReplacementCharacter()
    {
        var framer = new QrFramer();
        Feed(framer, new byte[] { 0x41, 0xC3, 0x28, 0x42, 0x0D }, 0);
        var text = Assert.Single(Drain(framer)).Text;
        Assert.Contains('\uFFFD', text);
        Assert.StartsWith("A", text);
        Assert.EndsWith("B", text);
    }

    [Fact]
    public void Feed_VietnameseUtf8_TextRoundTrips()
    {
        var framer = new QrFramer();
        const string cccd = "001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";
        Feed(framer, B(cccd + "\r\n"), 0);
        Assert.Equal(cccd, Assert.Single(Drain(framer)).Text);
    }

    [Fact]
    public void Feed_ManyScans_AllocatesLittleMoreThanTheFrameCopies()
    {
        var framer = new QrFramer();
        var scan = B(new string('A', 600) + "\r\n");
        Feed(framer, scan, 0);
        Drain(framer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            framer.Feed(scan, 0, scan.Length, i);
            framer.Dequeue();
        }
        long perScan = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // The 600-byte data copy plus one QrFrame object; the 2 KB working buffer is not reallocated.
        Assert.InRange(perScan, 600, 800);
    }

    [Fact]
    public void Constructor_TinyCap_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QrFramer(4, 30));
    }
}
