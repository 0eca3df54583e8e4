using System.Text.RegularExpressions;

namespace CheckpointIoT.NanoCheck.Projects;

/// <summary>
/// The package facts of <c>nanoframework-api/README.md</c>: which NuGet package ships each listed assembly (the Files
/// table) and the version of each package that nanoframework/Samples references (the paragraph after the table,
/// "CoreLibrary 1.17.11, Runtime.Events 1.11.37, ..."; short names are package ids without "nanoFramework.").
/// </summary>
public sealed partial class PackageVersionTable
{
    private PackageVersionTable(Dictionary<string, string> assemblyToPackage, Dictionary<string, string> versions)
    {
        AssemblyToPackage = assemblyToPackage;
        Versions = versions;
    }

    /// <summary>Assembly name (listing file name) to NuGet package id.</summary>
    public IReadOnlyDictionary<string, string> AssemblyToPackage { get; }

    /// <summary>NuGet package id to the expected version.</summary>
    public IReadOnlyDictionary<string, string> Versions { get; }

    [GeneratedRegex(@"^\|\s*([\w.]+)\.txt\s*\|\s*([\w.]+)")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"([A-Za-z][\w.]*[A-Za-z0-9])\s+(\d+\.\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)")]
    private static partial Regex NameVersion();

    public static PackageVersionTable Load(string readmePath) => Parse(File.ReadAllText(readmePath));

    public static PackageVersionTable Parse(string readme)
    {
        var assemblyToPackage = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in readme.Split('\n'))
        {
            var match = TableRow().Match(line.Trim());
            if (match.Success)
            {
                assemblyToPackage[match.Groups[1].Value] = match.Groups[2].Value;
            }
        }

        var packages = assemblyToPackage.Values.Distinct(StringComparer.Ordinal).ToList();
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        int start = readme.IndexOf("references these versions", StringComparison.OrdinalIgnoreCase);
        if (start >= 0)
        {
            int end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
            string paragraph = readme[start..(end < 0 ? readme.Length : end)];
            foreach (Match match in NameVersion().Matches(paragraph))
            {
                string shortName = match.Groups[1].Value;
                string? id = packages.FirstOrDefault(p => p == shortName || p == "nanoFramework." + shortName);
                if (id != null)
                {
                    versions[id] = match.Groups[2].Value;
                }
            }
        }

        return new PackageVersionTable(assemblyToPackage, versions);
    }
}
