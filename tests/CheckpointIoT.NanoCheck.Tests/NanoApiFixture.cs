using CheckpointIoT.NanoCheck.Api;
using CheckpointIoT.NanoCheck.Checking;
using CheckpointIoT.NanoCheck.Cli;
using CheckpointIoT.NanoCheck.References;

namespace CheckpointIoT.NanoCheck.Tests;

/// <summary>
/// Finds the listings the same way nanocheck does and builds (or loads from artifacts/nanoref) the reference
/// assemblies once for all tests. When the listings are absent every test fails with a clear message, unless
/// CHECKPOINT_SKIP_NANO=1 is set: then the tests return without checking (the lead's test.sh decides).
/// </summary>
public sealed class NanoApiFixture
{
    public NanoApiFixture()
    {
        RepoRoot = RepoLocator.Find(AppContext.BaseDirectory) ?? RepoLocator.Find(Environment.CurrentDirectory);
        ApiDirectory = ApiLocator.Locate(null, Environment.CurrentDirectory) ?? ApiLocator.Locate(null, AppContext.BaseDirectory);
        SkipRequested = Environment.GetEnvironmentVariable("CHECKPOINT_SKIP_NANO") == "1";
        if (ApiDirectory != null)
        {
            CacheRoot = RepoLocator.DefaultCacheRoot(RepoRoot);
            References = ReferenceAssemblyBuilder.GetOrBuild(ApiDirectory, CacheRoot);
            Catalog = ApiListingParser.Load(ApiDirectory);
        }
    }

    public string? RepoRoot { get; }

    public string? ApiDirectory { get; }

    public string? CacheRoot { get; }

    public bool SkipRequested { get; }

    public ReferenceAssemblySet? References { get; }

    public ApiCatalog? Catalog { get; }

    /// <summary>
    /// True when the tests can run. False only when the listings are missing and CHECKPOINT_SKIP_NANO=1; throws when
    /// they are missing otherwise, so that a missing folder never looks like a pass.
    /// </summary>
    public bool Ready()
    {
        if (References != null)
        {
            return true;
        }

        if (SkipRequested)
        {
            return false;
        }

        throw new InvalidOperationException("nanoFramework checks cannot run: " + ApiLocator.NotFoundMessage +
                                            ". Set " + ApiLocator.EnvironmentVariable + " to the listings folder, or CHECKPOINT_SKIP_NANO=1 to skip these tests.");
    }

    public ReferenceAssemblySet Refs => References ?? throw new InvalidOperationException("call Ready() first");

    public CheckResult CheckCore(string source, string path = "Snippet.cs") =>
        NanoChecker.Check("Snippet", new[] { new SourceFile(path, source) }, Refs.References(NanoChecker.CoreReferenceNames), new CheckOptions());

    public CheckResult CheckApp(string source) =>
        NanoChecker.Check("AppSnippet", new[] { new SourceFile("AppSnippet.cs", source) }, Refs.All,
            new CheckOptions { LanguageVersion = AppCheck.NanoFrameworkDefaultLanguageVersion });
}
