using System.Globalization;

namespace CheckpointIoT.Gateway.Policy;

/// <summary>A daily opening window "HH:mm-HH:mm" in a fixed UTC offset; a window whose end is before its start wraps midnight.</summary>
public sealed class OpeningHours
{
    private OpeningHours(TimeSpan open, TimeSpan close)
    {
        Open = open;
        Close = close;
    }

    public TimeSpan Open { get; }

    public TimeSpan Close { get; }

    public static bool TryParse(string? text, out OpeningHours? hours)
    {
        hours = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeSpan.TryParseExact(parts[0], @"hh\:mm", CultureInfo.InvariantCulture, out var open)
            || !TryParseClose(parts[1], out var close)
            || open == close)
        {
            return false;
        }

        hours = new OpeningHours(open, close);
        return true;
    }

    /// <summary>Parses "+07:00", "-03:30", "Z" or "UTC".</summary>
    public static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        if (t is "Z" or "UTC" or "utc")
        {
            return true;
        }

        if (t.Length != 6 || (t[0] != '+' && t[0] != '-')
            || !TimeSpan.TryParseExact(t[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var magnitude)
            || magnitude > TimeSpan.FromHours(14))
        {
            return false;
        }

        offset = t[0] == '-' ? -magnitude : magnitude;
        return true;
    }

    /// <summary>True when the local time of <paramref name="utcMs"/> in <paramref name="offset"/> falls in the window.</summary>
    public bool IsOpen(long utcMs, TimeSpan offset)
    {
        var local = DateTimeOffset.FromUnixTimeMilliseconds(utcMs).ToOffset(offset).TimeOfDay;
        return Open < Close ? local >= Open && local < Close : local >= Open || local < Close;
    }

    public override string ToString() => $"{Open:hh\\:mm}-{Close:hh\\:mm}";

    private static bool TryParseClose(string text, out TimeSpan close)
    {
        if (text == "24:00")
        {
            close = TimeSpan.FromHours(24);
            return true;
        }

        return TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out close);
    }
}
