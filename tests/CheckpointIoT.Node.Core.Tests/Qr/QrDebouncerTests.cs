using System.Text;
using CheckpointIoT.Node.Core.Qr;

namespace CheckpointIoT.Node.Core.Tests.Qr;

public class QrDebouncerTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void Hash_Bytes_MatchesFnv1aReferenceVectors(string ascii, uint expected)
    {
        var bytes = Encoding.ASCII.GetBytes(ascii);
        Assert.Equal(expected, QrDebouncer.Hash(bytes, 0, bytes.Length));
    }

    [Fact]
    public void IsRepeat_SameCodeWithinWindow_True()
    {
        var d = new QrDebouncer(3000);
        Assert.False(d.IsRepeat("CODE-1", 10_000));
        Assert.True(d.IsRepeat("CODE-1", 12_999));
    }

    [Fact]
    public void IsRepeat_SameCodeAfterWindow_False()
    {
        var d = new QrDebouncer(3000);
        Assert.False(d.IsRepeat("CODE-1", 10_000));
        Assert.False(d.IsRepeat("CODE-1", 13_000));
    }

    [Fact]
    public void IsRepeat_CodeHeldInFrontOfScanner_StaysSuppressed()
    {
        var d = new QrDebouncer(3000);
        Assert.False(d.IsRepeat("HELD", 0));
        for (long t = 1000; t <= 20_000; t += 1000) Assert.True(d.IsRepeat("HELD", t));
    }

    [Fact]
    public void IsRepeat_DifferentCode_False()
    {
        var d = new QrDebouncer(3000);
        Assert.False(d.IsRepeat("A", 0));
        Assert.False(d.IsRepeat("B", 1));
        Assert.True(d.IsRepeat("A", 2));
    }

    [Fact]
    public void IsRepeat_MoreCodesThanCapacity_OldestForgotten()
    {
        var d = new QrDebouncer(60_000, 16);
        for (int i = 0; i < 17; i++) Assert.False(d.IsRepeat("code" + i, i));
        Assert.False(d.IsRepeat("code0", 100));
        Assert.True(d.IsRepeat("code16", 101));
    }

    [Fact]
    public void IsRepeat_ClockStepsBack_NotARepeat()
    {
        var d = new QrDebouncer(3000);
        Assert.False(d.IsRepeat("X", 50_000));
        Assert.False(d.IsRepeat("X", 40_000));
    }

    [Fact]
    public void IsRepeat_Bytes_SameAsForBytes()
    {
        var d = new QrDebouncer(3000);
        var a = Encoding.UTF8.GetBytes("Nguyễn");
        Assert.False(d.IsRepeat(a, 0, a.Length, 0));
        Assert.True(d.IsRepeat(a, 0, a.Length, 100));
        Assert.False(d.IsRepeat(a, 0, a.Length - 1, 200));
    }
}
