using System.Globalization;
using System.Text;

namespace CheckpointIoT.Gateway.Tests.Metrics;

/// <summary>
/// An independent, strict reader of the Prometheus text format 0.0.4, written from the format's rules
/// (not from the writer): HELP/TYPE at most once per family and before its samples, samples of a family
/// contiguous, names and label names from the allowed alphabets, label values with \\ \" \n escapes,
/// values as Go floats or +Inf/-Inf/NaN, every line ending in \n. Throws on the first violation.
/// </summary>
internal static class ExpositionParser
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static ParsedExposition Parse(string text)
    {
        var result = new ParsedExposition();
        if (text.Length == 0)
        {
            return result;
        }

        if (!text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        string? currentFamily = null;
        var closedFamilies = new HashSet<string>();
        var lines = text[..^1].Split('\n');
        foreach (var line in lines)
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var (name, rest) = SplitNameAndRest(line["# HELP ".Length..]);
                Switch(ref currentFamily, name, closedFamilies);
                if (!result.Help.TryAdd(name, UnescapeHelp(rest)))
                {
                    throw new FormatException("second HELP for " + name);
                }
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var (name, type) = SplitNameAndRest(line["# TYPE ".Length..]);
                Switch(ref currentFamily, name, closedFamilies);
                if (!Types.Contains(type))
                {
                    throw new FormatException($"unknown type '{type}'");
                }

                if (result.Samples.Any(s => FamilyOf(s.Name, result.Types) == name))
                {
                    throw new FormatException("TYPE after samples for " + name);
                }

                if (!result.Types.TryAdd(name, type))
                {
                    throw new FormatException("second TYPE for " + name);
                }
            }
            else if (line.StartsWith('#'))
            {
                continue;
            }
            else
            {
                var sample = ParseSample(line);
                var family = FamilyOf(sample.Name, result.Types);
                if (!result.Types.ContainsKey(family))
                {
                    throw new FormatException("sample without TYPE: " + line);
                }

                Switch(ref currentFamily, family, closedFamilies);
                result.Samples.Add(sample);
            }
        }

        return result;
    }

    private static void Switch(ref string? current, string family, HashSet<string> closed)
    {
        if (current == family)
        {
            return;
        }

        if (closed.Contains(family))
        {
            throw new FormatException($"family {family} is split in two groups");
        }

        if (current is not null)
        {
            closed.Add(current);
        }

        current = family;
    }

    private static string FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && types.TryGetValue(sampleName[..^suffix.Length], out var type) && type == "histogram")
            {
                return sampleName[..^suffix.Length];
            }
        }

        return sampleName;
    }

    private static (string Name, string Text) SplitNameAndRest(string s)
    {
        var space = s.IndexOf(' ');
        if (space <= 0)
        {
            throw new FormatException("expected '<name> <text>': " + s);
        }

        var name = s[..space];
        CheckName(name, allowColon: true);
        return (name, s[(space + 1)..]);
    }

    private static ParsedSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        CheckName(name, allowColon: true);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var labelName = line[i..eq];
                CheckName(labelName, allowColon: false);
                i = eq + 1;
                if (line[i] != '"')
                {
                    throw new FormatException("label value must be quoted: " + line);
                }

                i++;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException("bad escape in label value: " + line),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException("label given twice: " + line);
                }

                if (line[i] == ',')
                {
                    i++;
                }
                else if (line[i] != '}')
                {
                    throw new FormatException("expected , or }: " + line);
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException("expected a space before the value: " + line);
        }

        var valueText = line[(i + 1)..];
        if (valueText.Contains(' '))
        {
            throw new FormatException("unexpected timestamp or trailing text: " + line);
        }

        return new ParsedSample(name, labels, ParseValue(valueText));
    }

    private static double ParseValue(string s) => s switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string UnescapeHelp(string s)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && (s[i + 1] == '\\' || s[i + 1] == 'n'))
            {
                sb.Append(s[i + 1] == 'n' ? '\n' : '\\');
                i++;
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }

    private static void CheckName(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            throw new FormatException("empty name");
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                throw new FormatException($"bad character '{c}' in name '{name}'");
            }
        }
    }
}
