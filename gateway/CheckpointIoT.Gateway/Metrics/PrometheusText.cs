using System.Globalization;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>Formatting rules of the Prometheus text exposition format 0.0.4.</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A sample value: Go-parsable float, +Inf / -Inf / NaN spelled as Prometheus spells them.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string FormatValue(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>HELP text: backslash and line feed escaped.</summary>
    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\").Replace("\n", "\\n");

    /// <summary>Label value: backslash, double quote and line feed escaped.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    /// <summary>[a-zA-Z_:][a-zA-Z0-9_:]*</summary>
    public static bool IsValidMetricName(string name) => IsValidName(name, allowColon: true);

    /// <summary>[a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved).</summary>
    public static bool IsValidLabelName(string name) =>
        IsValidName(name, allowColon: false) && !name.StartsWith("__", StringComparison.Ordinal);

    private static bool IsValidName(string name, bool allowColon)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'
                || (allowColon && c == ':')
                || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
