using CheckpointIoT.NanoCheck.Api;
using CheckpointIoT.NanoCheck.Checking;
using CheckpointIoT.NanoCheck.Cli;
using CheckpointIoT.NanoCheck.References;

namespace CheckpointIoT.NanoCheck.Tests;

/// <summary>
/// Builds (or loads from artifacts/nanoref) the reference sets once for all tests:
/// <list type="bullet">
/// <item><see cref="CoreRefs"/>: the real nanoFramework mscorlib.dll (nanoFramework.CoreLibrary, copied next to nanocheck
/// by its build) + System.Text/System.Collections generated from the repository's listings. Always available: the core
/// tests never need ../shared.</item>
/// <item><see cref="AppRefs"/>: the real mscorlib + every library of ../shared/nanoframework-api (what check-app uses).</item>
/// <item><see cref="Refs"/>: every listing of ../shared, mscorlib too, generated (the generator's own fidelity tests).</item>
/// </list>
/// When ../shared is absent the tests that need it fail with a clear message, unless CHECKPOINT_SKIP_NANO=1 is set:
/// then they are reported as skipped (test.sh sets it and says so).
/// </summary>
public sealed class NanoApiFixture
{
    private readonly ReferenceAssemblySet? _appRefs;

    public NanoApiFixture()
    {
        RepoRoot = RepoLocator.Find(AppContext.BaseDirectory) ?? RepoLocator.Find(Environment.CurrentDirectory) ??
                   throw new InvalidOperationException("repository root (folder with " + RepoLocator.CoreFolder + ") not found above " +
                                                       AppContext.BaseDirectory);
        CacheRoot = RepoLocator.DefaultCacheRoot(RepoRoot);
        Mscorlib = MscorlibLocator.Locate(null) ??
                   throw new InvalidOperationException(MscorlibLocator.NotFoundMessage + " (looked next to " + AppContext.BaseDirectory + ")");

        CoreApiDirectory = Path.Combine(RepoRoot, RepoLocator.CoreApiFolder);
        CoreRefs = ReferenceAssemblyBuilder.GetOrBuild(CoreApiDirectory, CacheRoot, Mscorlib);
        ApiDirectory = ApiLocator.Locate(null, Environment.CurrentDirectory) ?? ApiLocator.Locate(null, AppContext.BaseDirectory);
        SkipRequested = Environment.GetEnvironmentVariable("CHECKPOINT_SKIP_NANO") == "1";
        if (ApiDirectory != null)
        {
            References = ReferenceAssemblyBuilder.GetOrBuild(ApiDirectory, CacheRoot);
            _appRefs = ReferenceAssemblyBuilder.GetOrBuild(ApiDirectory, CacheRoot, Mscorlib);
            Catalog = ApiListingParser.Load(ApiDirectory);
        }
    }

    public string RepoRoot { get; }

    /// <summary>The real nanoFramework mscorlib.dll.</summary>
    public string Mscorlib { get; }

    /// <summary>firmware/CheckpointIoT.Node.Core.Nano/api: the System.Text and System.Collections listings.</summary>
    public string CoreApiDirectory { get; }

    /// <summary>The real mscorlib + System.Text + System.Collections (what the core compiles against).</summary>
    public ReferenceAssemblySet CoreRefs { get; }

    public string? ApiDirectory { get; }

    public string CacheRoot { get; }

    public bool SkipRequested { get; }

    public ReferenceAssemblySet? References { get; }

    public ApiCatalog? Catalog { get; }

    /// <summary>
    /// Called first by every test that needs ../shared/nanoframework-api. When the listings are missing the test is
    /// reported as skipped if CHECKPOINT_SKIP_NANO=1 (test.sh counts it under "skipped", so it never looks like a pass)
    /// and fails with a clear message otherwise.
    /// </summary>
    public void RequireListings()
    {
        if (References != null)
        {
            return;
        }

        string missing = "nanoFramework app checks cannot run: " + ApiLocator.NotFoundMessage;
        Skip.If(SkipRequested, missing + " (CHECKPOINT_SKIP_NANO=1)");
        throw new InvalidOperationException(missing + ". Set " + ApiLocator.EnvironmentVariable +
                                            " to the listings folder, or CHECKPOINT_SKIP_NANO=1 to skip these tests.");
    }

    /// <summary>Every listing of ../shared generated, mscorlib too (call <see cref="RequireListings"/> first).</summary>
    public ReferenceAssemblySet Refs => References ?? throw new InvalidOperationException("call RequireListings() first");

    /// <summary>The real mscorlib + every other library of ../shared (call <see cref="RequireListings"/> first).</summary>
    public ReferenceAssemblySet AppRefs => _appRefs ?? throw new InvalidOperationException("call RequireListings() first");

    public CheckResult CheckCore(string source, string path = "Snippet.cs") =>
        NanoChecker.Check("Snippet", new[] { new SourceFile(path, source) }, CoreRefs.References(NanoChecker.CoreReferenceNames), new CheckOptions());

    public CheckResult CheckApp(string source) =>
        NanoChecker.Check("AppSnippet", new[] { new SourceFile("AppSnippet.cs", source) }, AppRefs.All,
            new CheckOptions { LanguageVersion = AppCheck.NanoFrameworkDefaultLanguageVersion });
}
