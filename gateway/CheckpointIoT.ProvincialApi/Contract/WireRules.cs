using System.Globalization;

namespace CheckpointIoT.ProvincialApi.Contract;

/// <summary>Field rules of the upload contract (openapi.yaml). Pure functions, no I/O.</summary>
public static class WireRules
{
    /// <summary>Earliest accepted record time: 2020-01-01T00:00:00Z.</summary>
    public const long EarliestMs = 1_577_836_800_000;

    /// <summary>How far in the future a record time may lie (clock skew allowance).</summary>
    public const long FutureToleranceMs = 24L * 3600 * 1000;

    /// <summary>Longest accepted presence span (last seen - first seen).</summary>
    public const long MaxPresenceSpanMs = 24L * 3600 * 1000;

    /// <summary>At most this many digits may remain visible in a masked ID number.</summary>
    public const int MaxVisibleIdDigits = 6;

    public static bool IsValidGatewayId(string? s) => IsToken(s, 64, allowColon: false);

    /// <summary>Record ids ("node:seq" or "node:seq:index"), checkpoint ids, batch ids: 1-64 of A-Z a-z 0-9 . _ - (and ':' for record ids).</summary>
    public static bool IsValidRecordId(string? s) => IsToken(s, 64, allowColon: true);

    public static bool IsValidCheckpointId(string? s) => IsToken(s, 64, allowColon: false);

    public static bool IsValidBatchId(string? s) => s is { Length: >= 8 } && IsToken(s, 64, allowColon: false);

    public static bool IsValidDirection(string? s) => s is "in" or "out";

    public static bool IsValidQrKind(string? s) => s is "cccd" or "unified" or "bhyt" or "hc1" or "nzcp" or "venue" or "unknown";

    public static bool IsValidVerdict(string? s) => s is "pass" or "fail";

    public static bool IsValidBeaconType(string? s) => s is "gaen" or "bluezone" or "bluetrace" or "ibeacon" or "eddystone" or "other";

    /// <summary>Beacon types that come from a contact-tracing app (counted by the district report).</summary>
    public static bool IsTracingBeacon(string? s) => s is "gaen" or "bluezone" or "bluetrace";

    /// <summary>Reason codes: 1-32 of a-z 0-9 _.</summary>
    public static bool IsValidReasonCode(string? s)
    {
        if (s is null || s.Length is 0 or > 32)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A masked ID: 1-32 of A-Z a-z 0-9 *, at least one '*', at most <see cref="MaxVisibleIdDigits"/> digits.</summary>
    public static bool IsMaskedId(string s)
    {
        if (s.Length is 0 or > 32)
        {
            return false;
        }
        var stars = 0;
        var digits = 0;
        foreach (var c in s)
        {
            if (c == '*')
            {
                stars++;
            }
            else if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (!(c is >= 'A' and <= 'Z' || c is >= 'a' and <= 'z'))
            {
                return false;
            }
        }
        return stars > 0 && digits <= MaxVisibleIdDigits;
    }

    /// <summary>Lower-case hex of a SHA-256 digest (64 characters).</summary>
    public static bool IsIdHash(string s) => s.Length == 64 && IsLowerHex(s);

    /// <summary>Lower-case hex, even length, 2-64 characters.</summary>
    public static bool IsRotatingId(string? s) => s is { Length: >= 2 and <= 64 } && s.Length % 2 == 0 && IsLowerHex(s);

    public static bool IsLowerHex(string s)
    {
        foreach (var c in s)
        {
            if (!(c is >= '0' and <= '9' || c is >= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Parses an RFC 3339 timestamp that carries an explicit offset ("+07:00" or "Z"); a timestamp without an
    /// offset is refused because its instant is ambiguous. Returns Unix milliseconds.
    /// </summary>
    public static bool TryParseTimestamp(string? s, out long unixMs)
    {
        unixMs = 0;
        if (s is null || s.Length < 20)
        {
            return false;
        }
        if (TryParseCanonical(s, out unixMs))
        {
            return true;
        }
        var hasOffset = s[^1] == 'Z' || (s.Length >= 25 && s[^3] == ':' && (s[^6] == '+' || s[^6] == '-'));
        if (!hasOffset)
        {
            return false;
        }
        if (!DateTimeOffset.TryParseExact(s, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
        {
            return false;
        }
        unixMs = dto.ToUnixTimeMilliseconds();
        return true;
    }

    /// <summary>Formats Unix milliseconds as "yyyy-MM-ddTHH:mm:ss.fff+07:00" in the given offset.</summary>
    public static string FormatTimestamp(long unixMs, TimeSpan offset) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(offset)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static readonly string[] s_formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
    ];

    // Fast path for the form the gateway sends: yyyy-MM-ddTHH:mm:ss.fff+hh:mm (29 characters).
    private static bool TryParseCanonical(string s, out long unixMs)
    {
        unixMs = 0;
        if (s.Length != 29 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.'
            || s[26] != ':' || (s[23] != '+' && s[23] != '-'))
        {
            return false;
        }
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)
            || !Digits(s, 20, 3, out var millis) || !Digits(s, 24, 2, out var offH) || !Digits(s, 27, 2, out var offM))
        {
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23
            || minute > 59 || second > 59 || offH > 14 || offM > 59)
        {
            return false;
        }
        var offsetMinutes = (offH * 60 + offM) * (s[23] == '-' ? -1 : 1);
        var local = new DateTime(year, month, day, hour, minute, second, millis, DateTimeKind.Unspecified);
        unixMs = (local.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond - offsetMinutes * 60_000L;
        return true;
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if (d is < 0 or > 9)
            {
                return false;
            }
            value = value * 10 + d;
        }
        return true;
    }

    private static bool IsToken(string? s, int maxLength, bool allowColon)
    {
        if (s is null || s.Length == 0 || s.Length > maxLength)
        {
            return false;
        }
        foreach (var c in s)
        {
            var ok = c is >= 'A' and <= 'Z' || c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c == '.' || c == '_'
                || c == '-' || (allowColon && c == ':');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
