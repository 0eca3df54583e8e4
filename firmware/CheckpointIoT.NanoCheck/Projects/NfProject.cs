using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CheckpointIoT.NanoCheck.Projects;

/// <summary>
/// The parts of a nanoFramework <c>.nfproj</c> (old-style MSBuild, explicit items) the checks need: Compile items
/// (wildcards and linked files from other folders included), Reference items with HintPath, LangVersion, OutputType,
/// DefineConstants. Conditions are ignored except that Debug-only property groups are skipped (the check mirrors a
/// Release build, as the device image is built).
/// </summary>
public sealed class NfProject
{
    private NfProject(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory = System.IO.Path.GetDirectoryName(Path)!;
    }

    public string Path { get; }

    public string Directory { get; }

    /// <summary>Absolute paths of the C# files the project compiles, in item order, without duplicates.</summary>
    public List<string> CompileFiles { get; } = new();

    /// <summary>Problems with Compile items (missing file, wildcard matching nothing, unresolved property).</summary>
    public List<(bool IsError, string Message)> CompileProblems { get; } = new();

    public List<NfReference> References { get; } = new();

    public string? LangVersion { get; private set; }

    public string? OutputType { get; private set; }

    public string? AssemblyName { get; private set; }

    public List<string> DefineConstants { get; } = new();

    public static NfProject Load(string path)
    {
        var project = new NfProject(path);
        var document = XDocument.Load(project.Path);
        var root = document.Root ?? throw new InvalidDataException("empty project file " + path);

        foreach (var group in root.Elements().Where(e => e.Name.LocalName == "PropertyGroup"))
        {
            string condition = (string?)group.Attribute("Condition") ?? "";
            if (condition.Contains("Debug", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var property in group.Elements())
            {
                string value = property.Value.Trim();
                switch (property.Name.LocalName)
                {
                    case "LangVersion":
                        project.LangVersion = value;
                        break;
                    case "OutputType":
                        project.OutputType = value;
                        break;
                    case "AssemblyName":
                        project.AssemblyName = value;
                        break;
                    case "DefineConstants":
                        project.DefineConstants.AddRange(value.Split(';', ',', ' ')
                            .Select(d => d.Trim())
                            .Where(d => d.Length > 0 && !d.StartsWith("$(", StringComparison.Ordinal)));
                        break;
                }
            }
        }

        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in root.Descendants().Where(e => e.Name.LocalName == "Compile"))
        {
            string? remove = (string?)item.Attribute("Remove");
            if (remove != null)
            {
                foreach (var file in project.Expand(remove, reportProblems: false))
                {
                    removed.Add(file);
                }
            }
        }

        foreach (var item in root.Descendants().Where(e => e.Name.LocalName == "Compile"))
        {
            string? include = (string?)item.Attribute("Include");
            if (include == null)
            {
                continue;
            }

            var excluded = new HashSet<string>(StringComparer.Ordinal);
            string? exclude = (string?)item.Attribute("Exclude");
            if (exclude != null)
            {
                excluded.UnionWith(project.Expand(exclude, reportProblems: false));
            }

            foreach (var file in project.Expand(include, reportProblems: true))
            {
                if (!excluded.Contains(file) && !removed.Contains(file) && !project.CompileFiles.Contains(file))
                {
                    project.CompileFiles.Add(file);
                }
            }
        }

        foreach (var item in root.Descendants().Where(e => e.Name.LocalName == "Reference"))
        {
            string? include = (string?)item.Attribute("Include");
            if (include == null)
            {
                continue;
            }

            string name = include.Split(',')[0].Trim();
            string? hintPath = item.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath")?.Value.Trim();
            project.References.Add(new NfReference(name, hintPath));
        }

        return project;
    }

    /// <summary>Expands one item spec (';'-separated, '*', '**', '?' wildcards, Windows or Unix separators).</summary>
    private IEnumerable<string> Expand(string spec, bool reportProblems)
    {
        foreach (var raw in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string pattern = raw.Replace('\\', '/').Replace("$(MSBuildProjectDirectory)/", "", StringComparison.Ordinal)
                .Replace("$(MSBuildThisFileDirectory)", "", StringComparison.Ordinal);
            if (pattern.Contains("$(", StringComparison.Ordinal))
            {
                if (reportProblems)
                {
                    CompileProblems.Add((false, "Compile item '" + raw + "' uses an MSBuild property nanocheck does not evaluate; skipped"));
                }

                continue;
            }

            if (pattern.IndexOfAny(new[] { '*', '?' }) < 0)
            {
                string file = System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, pattern));
                if (File.Exists(file))
                {
                    yield return file;
                }
                else if (reportProblems)
                {
                    CompileProblems.Add((true, "Compile item '" + raw + "' does not exist (" + file + "); the nanoFramework build would fail"));
                }

                continue;
            }

            // Base directory: the path up to the first segment with a wildcard.
            var segments = pattern.Split('/');
            int firstWild = Array.FindIndex(segments, s => s.IndexOfAny(new[] { '*', '?' }) >= 0);
            string baseDir = System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, string.Join('/', segments.Take(firstWild))));
            var regex = GlobToRegex(string.Join('/', segments.Skip(firstWild)));
            var matches = new List<string>();
            if (System.IO.Directory.Exists(baseDir))
            {
                foreach (var file in System.IO.Directory.EnumerateFiles(baseDir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    string relative = System.IO.Path.GetRelativePath(baseDir, file).Replace('\\', '/');
                    if (regex.IsMatch(relative) && !IsBuildOutput(relative))
                    {
                        matches.Add(file);
                    }
                }
            }

            if (matches.Count == 0 && reportProblems)
            {
                CompileProblems.Add((false, "Compile item '" + raw + "' matches no file"));
            }

            foreach (var match in matches)
            {
                yield return match;
            }
        }
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal) ||
        relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal);

    private static Regex GlobToRegex(string glob)
    {
        var sb = new System.Text.StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool slash = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
