using System.Globalization;
using CheckpointIoT.ProvincialApi.Contract;

namespace CheckpointIoT.ProvincialApi.Tests;

public sealed class WireRulesTests
{
    [Fact]
    public void TryParseTimestamp_RandomInstantsInRandomOffsets_RoundTrip()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var ms = WireRules.EarliestMs + (long)(random.NextDouble() * 400L * 86_400_000L * 10);
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1));
            var formats = new[] { "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz" };
            var text = DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(offset).ToString(formats[i % 2], CultureInfo.InvariantCulture);

            Assert.True(WireRules.TryParseTimestamp(text, out var parsed), text);
            Assert.Equal(ms, parsed);
        }
    }

    [Theory]
    [InlineData("2025-11-22T08:15:30.123")]
    [InlineData("2025-11-22 08:15:30.123+07:00")]
    [InlineData("2025-02-30T08:15:30.123+07:00")]
    [InlineData("2025-11-22T24:15:30.123+07:00")]
    [InlineData("22/11/2025 08:15")]
    [InlineData("")]
    public void TryParseTimestamp_NoOffsetOrMalformed_IsRefused(string text) =>
        Assert.False(WireRules.TryParseTimestamp(text, out _));

    [Theory]
    [InlineData("0010******45", true)]
    [InlineData("DN40******6789", true)]
    [InlineData("**********45", true)]
    [InlineData("001099012345", false)]
    [InlineData("0010099*012345", false)]
    [InlineData("0010 *****45", false)]
    public void IsMaskedId_VisibleDigits_AtMostSix(string value, bool expected) =>
        Assert.Equal(expected, WireRules.IsMaskedId(value));

    [Fact]
    public void FormatTimestamp_UsesPlusSevenOffset()
    {
        var text = WireRules.FormatTimestamp(0, TimeSpan.FromHours(7));
        Assert.Equal("1970-01-01T07:00:00.000+07:00", text);
    }
}
