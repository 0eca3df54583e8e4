using CheckpointIoT.NanoCheck.Cli;

namespace CheckpointIoT.NanoCheck.Tests;

[Collection(NanoCollection.Name)]
public sealed class CommandLineTests : IDisposable
{
    private readonly NanoApiFixture _nano;
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "nanocheck-cli-" + Guid.NewGuid().ToString("N"));

    public CommandLineTests(NanoApiFixture nano)
    {
        _nano = nano;
        Directory.CreateDirectory(_temp);
    }

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
    }

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = NanoCheckApp.Run(args, output, error, _temp);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Run_ListingsFolderMissing_PrintsSkippedAndExitsZero()
    {
        var (exit, output, _) = Run("check-app", "--api", Path.Combine(_temp, "nowhere"));

        Assert.Equal(NanoCheckApp.ExitOk, exit);
        Assert.StartsWith("SKIPPED: ../shared/nanoframework-api not found", output);
    }

    [Fact]
    public void Run_CheckWithoutSharedListings_StillChecksTheCoreThenSkipsTheApp()
    {
        string core = Path.Combine(_temp, "core");
        Directory.CreateDirectory(core);
        File.WriteAllText(Path.Combine(core, "Ok.cs"), "namespace Core { public static class Ok { public static int Two() { return 2; } } }");

        var (exit, output, _) = Run("check", "--api", Path.Combine(_temp, "nowhere"), "--core", core, "--core-api", _nano.CoreApiDirectory,
            "--cache", _nano.CacheRoot);

        Assert.Equal(NanoCheckApp.ExitOk, exit);
        Assert.Contains("check-core: 1 files, 0 errors", output);
        Assert.Contains("SKIPPED: ../shared/nanoframework-api not found", output);
    }

    [Fact]
    public void Run_CheckWithoutSharedListingsOnBadCore_ExitsOne()
    {
        string core = Path.Combine(_temp, "core");
        Directory.CreateDirectory(core);
        File.WriteAllText(Path.Combine(core, "Bad.cs"), "namespace Core { public static class Bad { public static object L() { return new System.Collections.Generic.List<int>(); } } }");

        var (exit, output, _) = Run("check", "--api", Path.Combine(_temp, "nowhere"), "--core", core, "--core-api", _nano.CoreApiDirectory,
            "--cache", _nano.CacheRoot);

        Assert.Equal(NanoCheckApp.ExitCheckFailed, exit);
        Assert.Contains("error CS0234", output);
        Assert.Contains("SKIPPED: ../shared/nanoframework-api not found", output);
    }

    [Fact]
    public void Run_CoreRefsWithOut_WritesTheTwoGeneratedAssembliesOnly()
    {
        string target = Path.Combine(_temp, "refs");

        var (exit, output, _) = Run("core-refs", "--core-api", _nano.CoreApiDirectory, "--cache", _nano.CacheRoot, "--out", target);

        Assert.Equal(NanoCheckApp.ExitOk, exit);
        Assert.Equal(new[] { "nanoFramework.System.Collections.dll", "nanoFramework.System.Text.dll" },
            Directory.GetFiles(target).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("core-refs: 2 generated assemblies written to", output);
    }

    [Fact]
    public void Run_MscorlibMissing_ExitsFourNamingTheOption()
    {
        var (exit, _, error) = Run("check-core", "--mscorlib", Path.Combine(_temp, "nowhere", "mscorlib.dll"), "--core-api", _nano.CoreApiDirectory);

        Assert.Equal(NanoCheckApp.ExitGenerationFailed, exit);
        Assert.Contains("--mscorlib", error);
        Assert.Contains("mscorlib.dll was not found", error);
    }

    [Fact]
    public void Run_ListingsFolderMissingWithRequire_ExitsThree()
    {
        var (exit, _, error) = Run("check-app", "--require", "--api", Path.Combine(_temp, "nowhere"));

        Assert.Equal(NanoCheckApp.ExitListingsMissing, exit);
        Assert.Contains("nanoframework-api not found", error);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check-core")]
    [InlineData("check-app")]
    [InlineData("refs")]
    [InlineData("core-refs")]
    public void Run_VerbHelp_PrintsVerbUsageAndExitsZero(string verb)
    {
        var (exit, output, _) = Run(verb, "--help");

        Assert.Equal(NanoCheckApp.ExitOk, exit);
        Assert.Contains("nanocheck " + verb, output);
        Assert.Contains("--require", output);
    }

    [Fact]
    public void Run_CheckCoreHelp_ListsEveryLintRule()
    {
        var (_, output, _) = Run("check-core", "--help");

        foreach (var (code, _) in Checking.NanoLint.Rules)
        {
            Assert.Contains(code, output);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("check", "--bogus")]
    [InlineData("check", "--langversion", "99")]
    [InlineData("check", "--api")]
    public void Run_BadArguments_ExitsTwo(params string[] args)
    {
        var (exit, _, error) = Run(args);

        Assert.Equal(NanoCheckApp.ExitUsage, exit);
        Assert.StartsWith("nanocheck: ", error);
    }

    [Fact]
    public void Run_CheckCoreOnBadFolder_PrintsDiagnosticsAndExitsOne()
    {
        string core = Path.Combine(_temp, "core");
        Directory.CreateDirectory(Path.Combine(core, "Wire"));
        File.WriteAllText(Path.Combine(core, "Wire", "Join.cs"),
            "namespace Core.Wire\n{\n    public static class Join\n    {\n        public static string Csv(string[] parts) { return string.Join(\",\", parts); }\n    }\n}\n");

        var (exit, output, _) = Run("check-core", "--core-api", _nano.CoreApiDirectory, "--cache", _nano.CacheRoot, "--repo", _temp, "--core", core);

        Assert.Equal(NanoCheckApp.ExitCheckFailed, exit);
        Assert.Contains("core/Wire/Join.cs(5,66): error CS0117: 'string' does not contain a definition for 'Join'", output.Replace('\\', '/'));
        Assert.Contains("check-core: 1 files, 1 errors", output);
    }

    [Fact]
    public void Run_CheckCoreOnCleanFolder_ExitsZero()
    {
        string core = Path.Combine(_temp, "core");
        Directory.CreateDirectory(core);
        File.WriteAllText(Path.Combine(core, "Ok.cs"), "namespace Core { public static class Ok { public static string[] Parts(string s) { return s.Split(','); } } }");

        var (exit, output, _) = Run("check-core", "--core-api", _nano.CoreApiDirectory, "--cache", _nano.CacheRoot, "--repo", _temp, "--core", core);

        Assert.Equal(NanoCheckApp.ExitOk, exit);
        Assert.Contains("check-core: 1 files, 0 errors", output);
    }

    [SkippableFact]
    public void Locate_EnvironmentVariableAndExplicitFolder_AreHonoured()
    {
        _nano.RequireListings();

        Assert.Equal(_nano.ApiDirectory, ApiLocator.Locate(_nano.ApiDirectory, _temp));
        Assert.Null(ApiLocator.Locate(_temp, _temp));
        Assert.False(ApiLocator.IsListingsFolder(_temp));
        Assert.True(ApiLocator.IsListingsFolder(_nano.ApiDirectory!));
    }

    [Fact]
    public void Locate_SharedFolderAboveStart_IsFound()
    {
        string api = Path.Combine(_temp, "shared", "nanoframework-api");
        string start = Path.Combine(_temp, "main", "firmware", "x");
        Directory.CreateDirectory(api);
        Directory.CreateDirectory(start);
        File.WriteAllText(Path.Combine(api, "mscorlib.txt"), "# header\n");

        // Explicit --api wins; otherwise the walk up from main/firmware/x finds ../../../shared/nanoframework-api.
        if (Environment.GetEnvironmentVariable(ApiLocator.EnvironmentVariable) == null)
        {
            Assert.Equal(api, ApiLocator.Locate(null, start));
        }

        Assert.Equal(api, ApiLocator.Locate(api, "/"));
    }
}
