using CheckpointIoT.Node.Core.Scanner;

namespace CheckpointIoT.Node.Core.Tests.Scanner;

public class ZoneFramesTests
{
    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [Fact]
    public void WriteZone_ContinuousModeNoCheck_MatchesFormatsExample()
    {
        Assert.Equal("7E00080100 00D6ABCD".Replace(" ", ""), Hex(ZoneFrames.WriteZone(0x0000, 0xD6, false)));
    }

    [Fact]
    public void TriggerOnce_NoCheck_MatchesFormatsExample()
    {
        Assert.Equal("7E0008010002 01ABCD".Replace(" ", ""), Hex(ZoneFrames.TriggerOnce(false)));
    }

    [Fact]
    public void SaveToFlash_WithCrc_MatchesPublishedFrame()
    {
        Assert.Equal("7E0009010000 00DEC8".Replace(" ", ""), Hex(ZoneFrames.SaveToFlash(true)));
    }

    [Fact]
    public void Heartbeat_WithCrc_MatchesPublishedFrame()
    {
        Assert.Equal("7E000A010000 00301A".Replace(" ", ""), Hex(ZoneFrames.Heartbeat(true)));
    }

    [Fact]
    public void ReadZone_BaudZonesWithCrc_MatchesPublishedFrame()
    {
        Assert.Equal("7E000701002A02D80F", Hex(ZoneFrames.ReadZone(0x002A, 2, true)));
    }

    [Fact]
    public void WriteZone_TwoBaudBytesWithCrc_MatchesPublishedFrame()
    {
        Assert.Equal("7E000802002A3901A7EA", Hex(ZoneFrames.WriteZone(0x002A, new byte[] { 0x39, 0x01 }, 0, 2, true)));
    }

    [Fact]
    public void ParseReply_SuccessReply_IsAck()
    {
        var bytes = Convert.FromHexString("02000001003331");
        var reply = ZoneFrames.ParseReply(bytes, 0, bytes.Length);
        Assert.NotNull(reply);
        Assert.True(reply.IsAck);
        Assert.Equal(0x02, reply.Header);
    }

    [Fact]
    public void ParseReply_HeartbeatReplyWithHeader03_Accepted()
    {
        var bytes = Convert.FromHexString("03000001003331");
        Assert.True(ZoneFrames.ParseReply(bytes, 0, bytes.Length)!.IsAck);
    }

    [Theory]
    [InlineData("02000001003332")]   // CRC off by one
    [InlineData("02000101003331")]   // second byte not 00
    [InlineData("0200000000")]       // zero length
    [InlineData("04000001003331")]   // unknown header
    [InlineData("0200000100333100")] // trailing byte
    public void CheckReply_Malformed_Invalid(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(ZoneReplyCheck.Invalid, ZoneFrames.CheckReply(bytes, 0, bytes.Length));
    }

    [Fact]
    public void CheckReply_Prefix_NeedMore()
    {
        var bytes = Convert.FromHexString("020000010033");
        for (int n = 0; n <= bytes.Length; n++) Assert.Equal(ZoneReplyCheck.NeedMore, ZoneFrames.CheckReply(bytes, 0, n));
    }

    [Theory]
    [InlineData(9600, 0x0139)]
    [InlineData(115200, 0x001A)]
    [InlineData(57600, 0x0034)]
    [InlineData(1200, 0x09C4)]
    public void BaudDivisor_KnownSpeeds_RoundTrip(int baud, int divisor)
    {
        Assert.Equal(divisor, Gm65Zones.BaudDivisor(baud));
        Assert.Equal(baud, Gm65Zones.BaudFromDivisor(divisor));
    }

    [Fact]
    public void BaudDivisor_UnsupportedSpeed_MinusOne()
    {
        Assert.Equal(-1, Gm65Zones.BaudDivisor(230400));
        Assert.Equal(-1, Gm65Zones.BaudFromDivisor(0x1234));
    }
}
