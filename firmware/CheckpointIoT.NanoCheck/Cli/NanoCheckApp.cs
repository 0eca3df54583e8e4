using System.Globalization;
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
        string? apiDirectory = ApiLocator.Locate(options.ApiDirectory, currentDirectory);
        if (apiDirectory == null)
        {
            if (options.Require)
            {
                error.WriteLine("ERROR: " + ApiLocator.NotFoundMessage + " (--require)");
                return ExitListingsMissing;
            }

            output.WriteLine("SKIPPED: " + ApiLocator.NotFoundMessage);
            return ExitOk;
        }

        string Display(string path) => DisplayPath(path, currentDirectory);

        ReferenceAssemblySet references;
        try
        {
            references = ReferenceAssemblyBuilder.GetOrBuild(apiDirectory, options.CacheRoot ?? RepoLocator.DefaultCacheRoot(repoRoot));
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException)
        {
            error.WriteLine("nanocheck: cannot generate the nanoFramework reference assemblies from " + apiDirectory + ": " + ex.Message);
            return ExitGenerationFailed;
        }

        output.WriteLine("nanocheck: " + references.AssemblyNames.Count + " reference assemblies from " + Display(apiDirectory) + " " +
                         (references.FromCache ? "(cached, " : "(generated in ") + Seconds(references.Elapsed) + ") in " +
                         Display(references.Directory) +
                         (references.Skipped.Count > 0 ? "; " + references.Skipped.Count + " listing entries adapted, see skipped.txt" : ""));

        if (options.Verb == "refs")
        {
            foreach (var name in references.AssemblyNames)
            {
                output.WriteLine("  " + Display(references.PathOf(name)));
            }

            foreach (var line in references.Skipped)
            {
                output.WriteLine("  adapted: " + line);
            }

            return ExitOk;
        }

        if ((options.CoreDirectory == null || (options.Verb != "check-core" && options.AppDirectory == null)) && repoRoot == null)
        {
            error.WriteLine("nanocheck: repository root not found (no firmware/CheckpointIoT.Node.Core above " + currentDirectory + "); use --repo");
            return ExitUsage;
        }

        string coreDirectory = Path.GetFullPath(options.CoreDirectory ?? Path.Combine(repoRoot!, RepoLocator.CoreFolder));
        bool failed = false;
        if (options.Verb is "check-core" or "check")
        {
            failed |= !RunCore(options, coreDirectory, references, output, Display);
        }

        if (options.Verb is "check-app" or "check")
        {
            string appDirectory = Path.GetFullPath(options.AppDirectory ?? Path.Combine(repoRoot!, RepoLocator.AppFolder));
            failed |= !RunApp(options, appDirectory, coreDirectory, apiDirectory, references, output, Display);
        }

        return failed ? ExitCheckFailed : ExitOk;
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
                         string.Join(", ", NanoChecker.CoreReferenceNames) + ")");
        var result = CoreCheck.Run(coreDirectory, references, version, options.Defines);
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
