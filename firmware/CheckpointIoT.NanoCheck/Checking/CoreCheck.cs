using CheckpointIoT.NanoCheck.References;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>
/// check-core: every .cs of the portable core (bin/ and obj/ excluded) compiled as a library against the nanoFramework
/// mscorlib, System.Text and System.Collections reference assemblies only, then linted.
/// </summary>
public static class CoreCheck
{
    public static IReadOnlyList<SourceFile> CollectSources(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(directory, f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(SourceFile.Read)
            .ToList();

    public static CheckResult Run(string coreDirectory, ReferenceAssemblySet references,
        LanguageVersion languageVersion = NanoChecker.DefaultCoreLanguageVersion, IReadOnlyList<string>? defines = null, bool lintOnly = false)
    {
        var sources = CollectSources(coreDirectory);
        return NanoChecker.Check("CheckpointIoT.Node.Core", sources, references.References(NanoChecker.CoreReferenceNames),
            new CheckOptions { LanguageVersion = languageVersion, Defines = defines ?? Array.Empty<string>(), Compile = !lintOnly });
    }

    internal static bool IsBuildOutput(string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Split('/');
        return segments.Take(segments.Length - 1).Any(s => s is "bin" or "obj");
    }
}
