using System.Globalization;
using CheckpointIoT.NanoCheck.Api;
using CheckpointIoT.NanoCheck.Checking;
using CheckpointIoT.NanoCheck.Projects;
using CheckpointIoT.NanoCheck.References;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Cli;

/// <summary>The nanocheck command: parses arguments, locates listings/repo, runs the verbs, prints, returns the exit code.</summary>
public static class NanoCheckApp
{
    public const int ExitOk = 0;
    public const int ExitCheckFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitListingsMissing = 3;
    public const int ExitGenerationFailed = 4;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string currentDirectory)
    {
        var options = CommandLineOptions.Parse(args, out string? usageError);
        if (options == null)
        {
            error.WriteLine("nanocheck: " + usageError);
            error.WriteLine("Run 'nanocheck --help' for usage.");
            return ExitUsage;
        }

        if (options.Help || options.Verb == null)
        {
            output.Write(HelpText.For(options.Verb));
            return options.Verb == null && !options.Help ? ExitUsage : ExitOk;
        }

        string? repoRoot = options.RepoRoot != null ? Path.GetFullPath(options.RepoRoot) : RepoLocator.Find(currentDirectory);
        string Display(string path) => DisplayPath(path, currentDirectory);
        string cacheRoot = options.CacheRoot ?? RepoLocator.DefaultCacheRoot(repoRoot);
        string? mscorlib = MscorlibLocator.Locate(options.MscorlibFile);
        if (mscorlib == null)
        {
            error.WriteLine("nanocheck: " + MscorlibLocator.NotFoundMessage +
                            (options.MscorlibFile != null ? " (--mscorlib " + options.MscorlibFile + " does not exist)" : ""));
            return ExitGenerationFailed;
        }

        bool failed = false;
        if (options.Verb is "check-core" or "check" or "core-refs")
        {
            // The core's references never need ../shared: the real mscorlib plus the listings kept in the repository.
            if (options.CoreApiDirectory == null && repoRoot == null)
            {
                error.WriteLine("nanocheck: repository root not found (no " + RepoLocator.CoreFolder + " above " + currentDirectory +
                                "); use --repo or --core-api");
                return ExitUsage;
            }

            string coreApi = Path.GetFullPath(options.CoreApiDirectory ?? Path.Combine(repoRoot!, RepoLocator.CoreApiFolder));
            var coreReferences = Build("core references", coreApi, cacheRoot, mscorlib, output, error, Display);
            if (coreReferences == null)
            {
                return ExitGenerationFailed;
            }

            if (options.Verb == "core-refs")
            {
                return WriteCoreReferences(options, coreReferences, output, error, Display);
            }

            if (options.CoreDirectory == null && repoRoot == null)
            {
                error.WriteLine("nanocheck: repository root not found (no " + RepoLocator.CoreFolder + " above " + currentDirectory + "); use --repo");
                return ExitUsage;
            }

            string coreDirectory = Path.GetFullPath(options.CoreDirectory ?? Path.Combine(repoRoot!, RepoLocator.CoreFolder));
            failed |= !RunCore(options, coreDirectory, coreReferences, output, Display);
            if (options.Verb == "check-core")
            {
                return failed ? ExitCheckFailed : ExitOk;
            }
        }

        // check-app and refs need the listings of the libraries NuGet does not serve (Bluetooth, M2Mqtt, Wifi, ...).
        string? apiDirectory = ApiLocator.Locate(options.ApiDirectory, currentDirectory);
        if (apiDirectory == null)
        {
            if (options.Require)
            {
                error.WriteLine("ERROR: " + ApiLocator.NotFoundMessage + " (--require)");
                return ExitListingsMissing;
            }

            output.WriteLine("SKIPPED: " + ApiLocator.NotFoundMessage);
            return failed ? ExitCheckFailed : ExitOk;
        }

        var references = Build("reference assemblies", apiDirectory, cacheRoot, mscorlib, output, error, Display);
        if (references == null)
        {
            return ExitGenerationFailed;
        }

        if (options.Verb == "refs")
        {
            PrintSet(references, output, Display);
            return ExitOk;
        }

        if ((options.CoreDirectory == null || options.AppDirectory == null) && repoRoot == null)
        {
            error.WriteLine("nanocheck: repository root not found (no " + RepoLocator.CoreFolder + " above " + currentDirectory + "); use --repo");
            return ExitUsage;
        }

        string appCoreDirectory = Path.GetFullPath(options.CoreDirectory ?? Path.Combine(repoRoot!, RepoLocator.CoreFolder));
        string appDirectory = Path.GetFullPath(options.AppDirectory ?? Path.Combine(repoRoot!, RepoLocator.AppFolder));
        failed |= !RunApp(options, appDirectory, appCoreDirectory, apiDirectory, references, output, Display);
        return failed ? ExitCheckFailed : ExitOk;
    }

    /// <summary>Builds (or loads) a reference set against the real mscorlib; prints one line; null (and a message) on failure.</summary>
    private static ReferenceAssemblySet? Build(string what, string apiDirectory, string cacheRoot, string mscorlib, TextWriter output,
        TextWriter error, Func<string, string> display)
    {
        if (!Directory.Exists(apiDirectory) || ApiListingParser.ListingFiles(apiDirectory).Count == 0)
        {
            error.WriteLine("nanocheck: no API listings (*.txt) in " + apiDirectory);
            return null;
        }

        ReferenceAssemblySet references;
        try
        {
            references = ReferenceAssemblyBuilder.GetOrBuild(apiDirectory, cacheRoot, mscorlib);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException or BadImageFormatException)
        {
            error.WriteLine("nanocheck: cannot generate the nanoFramework " + what + " from " + apiDirectory + ": " + ex.Message);
            return null;
        }

        output.WriteLine("nanocheck: " + what + ": " + display(mscorlib) + " + " + (references.AssemblyNames.Count - 1) +
                         " generated from " + display(apiDirectory) + " " +
                         (references.FromCache ? "(cached, " : "(generated in ") + Seconds(references.Elapsed) + ") in " +
                         display(references.Directory) +
                         (references.Skipped.Count > 0 ? "; " + references.Skipped.Count + " listing entries adapted, see skipped.txt" : ""));
        return references;
    }

    private static void PrintSet(ReferenceAssemblySet references, TextWriter output, Func<string, string> display)
    {
        foreach (var name in references.AssemblyNames)
        {
            output.WriteLine("  " + display(references.PathOf(name)));
        }

        foreach (var line in references.Skipped)
        {
            output.WriteLine("  adapted: " + line);
        }
    }

    /// <summary>
    /// core-refs: prints the core's reference set and, with --out, copies the generated assemblies there (for MSBuild; the
    /// real mscorlib is not copied: the build references it in the NuGet package).
    /// </summary>
    private static int WriteCoreReferences(CommandLineOptions options, ReferenceAssemblySet references, TextWriter output, TextWriter error,
        Func<string, string> display)
    {
        PrintSet(references, output, display);
        if (options.OutputDirectory == null)
        {
            return ExitOk;
        }

        try
        {
            string target = Path.GetFullPath(options.OutputDirectory);
            Directory.CreateDirectory(target);
            var generated = references.AssemblyNames.Where(n => n != ReferenceAssemblyBuilder.CoreLibraryName).ToList();
            foreach (var name in generated)
            {
                File.Copy(references.PathOf(name), Path.Combine(target, name + ".dll"), overwrite: true);
            }

            output.WriteLine("core-refs: " + generated.Count + " generated assemblies written to " + display(target) + ": " + string.Join(", ", generated));
            return ExitOk;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("nanocheck: cannot write the core references to " + options.OutputDirectory + ": " + ex.Message);
            return ExitGenerationFailed;
        }
    }

    private static bool RunCore(CommandLineOptions options, string coreDirectory, ReferenceAssemblySet references, TextWriter output,
        Func<string, string> display)
    {
        if (!Directory.Exists(coreDirectory))
        {
            output.WriteLine("check-core: error: core folder " + display(coreDirectory) + " not found");
            return false;
        }

        var version = options.LanguageVersion ?? NanoChecker.DefaultCoreLanguageVersion;
        output.WriteLine("check-core: " + display(coreDirectory) + " (C# " + version.ToDisplayString() + ", library, references: " +
                         string.Join(", ", NanoChecker.CoreReferenceNames) + (options.LintOnly ? "; lint only" : "") + ")");
        var result = CoreCheck.Run(coreDirectory, references, version, options.Defines, options.LintOnly);
        Print(result, output, display);
        output.WriteLine("check-core: " + result.FileCount + " files, " + result.ErrorCount + " errors, " + result.WarningCount +
                         " warnings (" + Seconds(result.Elapsed) + ")" + (result.Succeeded ? " - OK" : " - FAILED"));
        return result.Succeeded;
    }

    private static bool RunApp(CommandLineOptions options, string appDirectory, string coreDirectory, string apiDirectory,
        ReferenceAssemblySet references, TextWriter output, Func<string, string> display)
    {
        if (!Directory.Exists(appDirectory))
        {
            output.WriteLine("check-app: " + display(appDirectory) + " does not exist yet - nothing to check (the ESP32 app is not written yet); passing");
            return true;
        }

        string readme = Path.Combine(apiDirectory, "README.md");
        var table = File.Exists(readme) ? PackageVersionTable.Load(readme) : PackageVersionTable.Parse("");
        var app = AppCheck.Run(appDirectory, coreDirectory, references, table, options.LanguageVersion);
        output.WriteLine("check-app: " + (app.ProjectFile != null ? display(app.ProjectFile) : display(appDirectory)) + " (" +
                         string.Join("; ", app.Notes) + ", references: all " + references.AssemblyNames.Count + ")");
        Print(app.Result, output, display);
        output.WriteLine("check-app: " + app.Result.FileCount + " files, " + app.Result.ErrorCount + " errors, " + app.Result.WarningCount +
                         " warnings (" + Seconds(app.Result.Elapsed) + ")" + (app.Result.Succeeded ? " - OK" : " - FAILED"));
        return app.Result.Succeeded;
    }

    private static void Print(CheckResult result, TextWriter output, Func<string, string> display)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(diagnostic.Format(p => p.Length == 0 ? p : display(p)));
        }
    }

    /// <summary>Relative to the current folder when below it, else absolute.</summary>
    public static string DisplayPath(string path, string currentDirectory)
    {
        if (path.Length == 0 || !Path.IsPathRooted(path))
        {
            return path;
        }

        string relative = Path.GetRelativePath(currentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
