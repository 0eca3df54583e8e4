using System.Diagnostics;
using CheckpointIoT.NanoCheck.Projects;
using CheckpointIoT.NanoCheck.References;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>
/// check-app: the ESP32 app's sources (as its .nfproj lists them, the linked core sources included) compiled against
/// every generated reference assembly and linted; packages.config versions checked against the listings README;
/// HintPath versions checked against packages.config; the sources must also compile with only the assemblies the
/// .nfproj references.
/// </summary>
public static class AppCheck
{
    /// <summary>The nanoFramework project system's C# version when the .nfproj sets none (VS extension, since 2021).</summary>
    public const LanguageVersion NanoFrameworkDefaultLanguageVersion = LanguageVersion.CSharp9;

    public static AppCheckResult Run(string appDirectory, string coreDirectory, ReferenceAssemblySet references,
        PackageVersionTable packageTable, LanguageVersion? languageVersionOverride = null)
    {
        var watch = Stopwatch.StartNew();
        var findings = new List<CheckDiagnostic>();
        var notes = new List<string>();
        string? projectFile = Directory.Exists(appDirectory)
            ? Directory.GetFiles(appDirectory, "*.nfproj").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault()
            : null;

        List<string> files;
        NfProject? project = null;
        var languageVersion = NanoFrameworkDefaultLanguageVersion;
        string languageSource = "nanoFramework project-system default";
        var outputKind = OutputKind.DynamicallyLinkedLibrary;
        var defines = new List<string>();
        if (projectFile == null)
        {
            findings.Add(new CheckDiagnostic(appDirectory, 0, 0, false, "NC2008",
                "no .nfproj in the app folder: compiling its **/*.cs together with the core sources"));
            files = CoreCheck.CollectSources(appDirectory).Select(s => s.Path)
                .Concat(CoreCheck.CollectSources(coreDirectory).Select(s => s.Path))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        else
        {
            project = NfProject.Load(projectFile);
            files = project.CompileFiles.Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)).ToList();
            findings.AddRange(project.CompileProblems.Select(p => new CheckDiagnostic(projectFile, 0, 0, p.IsError, "NC2006", p.Message)));
            string coreRoot = Path.GetFullPath(coreDirectory) + Path.DirectorySeparatorChar;
            if (!files.Any(f => f.StartsWith(coreRoot, StringComparison.Ordinal)))
            {
                findings.Add(new CheckDiagnostic(projectFile, 0, 0, false, "NC2007",
                    "the .nfproj compiles no file of the portable core (expected a linked <Compile Include=\"..\\CheckpointIoT.Node.Core\\**\\*.cs\">)"));
            }

            if (project.LangVersion != null)
            {
                if (LanguageVersionFacts.TryParse(project.LangVersion, out var parsed))
                {
                    languageVersion = parsed;
                    languageSource = ".nfproj <LangVersion>" + project.LangVersion + "</LangVersion>";
                }
                else
                {
                    findings.Add(new CheckDiagnostic(projectFile, LineOf(projectFile, "<LangVersion"), 1, true, "NC2010",
                        "unknown <LangVersion> '" + project.LangVersion + "'"));
                }
            }

            if (string.Equals(project.OutputType, "Exe", StringComparison.OrdinalIgnoreCase))
            {
                outputKind = OutputKind.ConsoleApplication;
            }

            defines.AddRange(project.DefineConstants);
            findings.AddRange(CheckHintPaths(project, appDirectory, references));
        }

        if (languageVersionOverride is { } forced)
        {
            languageVersion = forced;
            languageSource = "--langversion";
        }

        notes.Add("C# " + languageVersion.ToDisplayString() + " (" + languageSource + "), " +
                  (outputKind == OutputKind.ConsoleApplication ? "exe" : "library") + ", Release (no DEBUG)");
        findings.AddRange(CheckPackages(appDirectory, packageTable));

        var sources = files.Select(SourceFile.Read).ToList();
        var options = new CheckOptions
        {
            LanguageVersion = languageVersion,
            OutputKind = outputKind,
            Defines = defines,
            AfterCompile = project == null || project.References.Count == 0
                ? null
                : (compilation, primary) => CheckProjectReferences(compilation, primary, project, references),
        };
        var compiled = NanoChecker.Check(project?.AssemblyName ?? "CheckpointIoT.Node.Esp32", sources, references.All, options);
        var all = findings.Concat(compiled.Diagnostics).ToList();
        return new AppCheckResult(new CheckResult(sources.Count, all, watch.Elapsed), projectFile, notes);
    }

    private static IEnumerable<CheckDiagnostic> CheckPackages(string appDirectory, PackageVersionTable table)
    {
        string path = Path.Combine(appDirectory, "packages.config");
        if (!File.Exists(path))
        {
            yield return new CheckDiagnostic(path, 0, 0, false, "NC2009", "packages.config not found: package versions not checked");
            yield break;
        }

        foreach (var (id, version) in PackagesConfig.Load(path))
        {
            int line = LineOf(path, "\"" + id + "\"");
            if (!table.Versions.TryGetValue(id, out var expected))
            {
                yield return new CheckDiagnostic(path, line, 1, false, "NC2002",
                    "package " + id + " " + version + " is not in the nanoframework-api README table: its API is not compile-checked and its version not verified");
            }
            else if (!string.Equals(expected, version, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CheckDiagnostic(path, line, 1, true, "NC2001",
                    "package " + id + " has version " + version + " but the nanoframework-api listings (README) are for " + expected);
            }
        }
    }

    private static IEnumerable<CheckDiagnostic> CheckHintPaths(NfProject project, string appDirectory, ReferenceAssemblySet references)
    {
        string packagesPath = Path.Combine(appDirectory, "packages.config");
        IReadOnlyList<(string Id, string Version)> packages = File.Exists(packagesPath)
            ? PackagesConfig.Load(packagesPath)
            : new List<(string Id, string Version)>();
        foreach (var reference in project.References)
        {
            int line = LineOf(project.Path, "\"" + reference.AssemblyName);
            if (!references.Contains(reference.AssemblyName))
            {
                yield return new CheckDiagnostic(project.Path, line, 1, false, "NC2005",
                    "reference " + reference.AssemblyName + " has no listing in nanoframework-api: code using it is not compile-checked");
            }

            string? folder = reference.PackageFolder;
            if (folder == null || packages.Count == 0)
            {
                continue;
            }

            bool exact = packages.Any(p => string.Equals(p.Id + "." + p.Version, folder, StringComparison.OrdinalIgnoreCase));
            if (exact)
            {
                continue;
            }

            var sameId = packages.Where(p => folder.StartsWith(p.Id + ".", StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(p => p.Id.Length)
                .FirstOrDefault();
            if (sameId.Id != null)
            {
                yield return new CheckDiagnostic(project.Path, LineOf(project.Path, folder), 1, true, "NC2003",
                    "HintPath of " + reference.AssemblyName + " points into packages/" + folder + " but packages.config has " + sameId.Id + " " + sameId.Version);
            }
            else
            {
                yield return new CheckDiagnostic(project.Path, LineOf(project.Path, folder), 1, true, "NC2003",
                    "HintPath of " + reference.AssemblyName + " points into packages/" + folder + ", a package packages.config does not list");
            }
        }
    }

    /// <summary>
    /// Compiles again with only the assemblies the .nfproj references (as the nanoFramework build does); errors that
    /// the all-references compile did not have are missing references.
    /// </summary>
    private static IEnumerable<CheckDiagnostic> CheckProjectReferences(CSharpCompilation compilation, IReadOnlyList<CheckDiagnostic> primary,
        NfProject project, ReferenceAssemblySet references)
    {
        var names = project.References.Select(r => r.AssemblyName).Where(references.Contains).Distinct(StringComparer.Ordinal).ToList();
        var known = new HashSet<(string, int, int, string)>(primary.Where(d => d.IsError).Select(d => (d.Path, d.Line, d.Column, d.Code)));
        var subset = compilation.WithReferences(references.References(names));
        string list = names.Count == 0 ? "none" : string.Join(", ", names);
        foreach (var diagnostic in subset.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            var converted = NanoChecker.ToCheckDiagnostic(diagnostic);
            if (known.Contains((converted.Path, converted.Line, converted.Column, converted.Code)))
            {
                continue;
            }

            yield return converted with
            {
                Code = "NC2004",
                Message = "missing <Reference> in the .nfproj: with only its references (" + list + ") this fails: " +
                          converted.Code + " " + converted.Message,
            };
        }
    }

    private static int LineOf(string path, string text)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var lines = File.ReadAllLines(path);
        int index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.OrdinalIgnoreCase));
        return index + 1;
    }
}
