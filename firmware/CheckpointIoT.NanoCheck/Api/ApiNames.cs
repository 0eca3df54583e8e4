using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Api;

/// <summary>Helpers for the names and type texts used in the listings.</summary>
public static class ApiNames
{
    private static readonly Dictionary<string, string> KeywordToFull = new(StringComparer.Ordinal)
    {
        ["bool"] = "System.Boolean",
        ["byte"] = "System.Byte",
        ["sbyte"] = "System.SByte",
        ["char"] = "System.Char",
        ["short"] = "System.Int16",
        ["ushort"] = "System.UInt16",
        ["int"] = "System.Int32",
        ["uint"] = "System.UInt32",
        ["long"] = "System.Int64",
        ["ulong"] = "System.UInt64",
        ["float"] = "System.Single",
        ["double"] = "System.Double",
        ["decimal"] = "System.Decimal",
        ["string"] = "System.String",
        ["object"] = "System.Object",
        ["void"] = "System.Void",
    };

    /// <summary>"int" -> "System.Int32"; null if <paramref name="keyword"/> is not a special-type keyword.</summary>
    public static string? FullNameOfKeyword(string keyword) =>
        KeywordToFull.TryGetValue(keyword, out var full) ? full : null;

    /// <summary>Replaces a leading special-type keyword ("string.Format") by its full name ("System.String.Format").</summary>
    public static string ExpandLeadingKeyword(string dotted)
    {
        int dot = dotted.IndexOf('.');
        string head = dot < 0 ? dotted : dotted[..dot];
        var full = FullNameOfKeyword(head);
        if (full == null)
        {
            return dotted;
        }

        return dot < 0 ? full : full + dotted[dot..];
    }

    /// <summary>"&lt;in T1, out TResult&gt;" -> "&lt;T1, TResult&gt;".</summary>
    public static string StripVariance(string typeParameters) =>
        typeParameters.Replace("<in ", "<", StringComparison.Ordinal)
            .Replace("<out ", "<", StringComparison.Ordinal)
            .Replace(", in ", ", ", StringComparison.Ordinal)
            .Replace(", out ", ", ", StringComparison.Ordinal);

    /// <summary>Splits on <paramref name="separator"/> outside of &lt;&gt;, (), [] and quotes.</summary>
    public static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        int depth = 0;
        int start = 0;
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"':
                case '\'':
                    quote = c;
                    break;
                case '<':
                case '(':
                case '[':
                    depth++;
                    break;
                case '>':
                case ')':
                case ']':
                    depth--;
                    break;
                default:
                    if (c == separator && depth == 0)
                    {
                        parts.Add(text[start..i].Trim());
                        start = i + 1;
                    }

                    break;
            }
        }

        var last = text[start..].Trim();
        if (last.Length > 0 || parts.Count > 0)
        {
            parts.Add(last);
        }

        return parts;
    }

    /// <summary>
    /// Prefixes every dotted name ("System.IO.Stream", "System.IO.Ports.Parity.None") with "global::" so that a
    /// namespace such as "nanoFramework.System" can never capture it. Literals are left alone.
    /// </summary>
    public static string QualifyGlobal(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c is '"' or '\'')
            {
                int end = i + 1;
                while (end < text.Length && text[end] != c)
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                end = Math.Min(end + 1, text.Length);
                sb.Append(text, i, end - i);
                i = end;
                continue;
            }

            if ((char.IsLetter(c) || c == '_') && (i == 0 || !(char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '.' or ':' or '@')))
            {
                int end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                bool dotted = end + 1 < text.Length && text[end] == '.' && (char.IsLetter(text[end + 1]) || text[end + 1] == '_');
                bool keyword = SyntaxFacts.GetKeywordKind(text[i..end]) != SyntaxKind.None;
                if (dotted && !keyword)
                {
                    sb.Append("global::");
                }

                sb.Append(text, i, end - i);
                i = end;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }
}
