using System.Xml.Linq;
using CheckpointIoT.NanoCheck.Cli;
using CheckpointIoT.NanoCheck.Projects;

namespace CheckpointIoT.NanoCheck.Tests;

/// <summary>
/// The mscorlib the build compiles the core against (Directory.Packages.props' nanoFramework.CoreLibrary) is the one the
/// ESP32 app ships (its packages.config and the .nfproj's mscorlib HintPath). Reads the real files; needs no ../shared.
/// </summary>
public sealed class CoreLibraryVersionTests
{
    private const string PackageId = "nanoFramework.CoreLibrary";
    private readonly string _repo = RepoLocator.Find(AppContext.BaseDirectory) ??
                                    throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);

    private string CentralVersion()
    {
        var document = XDocument.Load(Path.Combine(_repo, "Directory.Packages.props"));
        var version = document.Descendants("PackageVersion")
            .Where(e => (string?)e.Attribute("Include") == PackageId)
            .Select(e => (string?)e.Attribute("Version"))
            .SingleOrDefault();
        Assert.False(string.IsNullOrEmpty(version), "Directory.Packages.props has no PackageVersion for " + PackageId);
        return version!;
    }

    [Fact]
    public void PackagesConfig_CoreLibraryVersion_EqualsTheCentralVersionTheBuildCompilesAgainst()
    {
        string config = Path.Combine(_repo, RepoLocator.AppFolder, "packages.config");

        var packages = PackagesConfig.Load(config);

        var coreLibrary = Assert.Single(packages, p => p.Id == PackageId);
        Assert.Equal(CentralVersion(), coreLibrary.Version);
    }

    [Fact]
    public void Nfproj_MscorlibHintPath_PointsIntoTheCentralVersionsPackageFolder()
    {
        string project = Directory.GetFiles(Path.Combine(_repo, RepoLocator.AppFolder), "*.nfproj").Single();

        var mscorlib = Assert.Single(NfProject.Load(project).References, r => r.AssemblyName == "mscorlib");

        Assert.Equal(PackageId + "." + CentralVersion(), mscorlib.PackageFolder);
    }

    [Fact]
    public void BundledMscorlib_IsTheCentralVersionsLibMscorlib()
    {
        string bundled = MscorlibLocator.Locate(null) ?? throw new InvalidOperationException(MscorlibLocator.NotFoundMessage);
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                          Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string restored = Path.Combine(packages, PackageId.ToLowerInvariant(), CentralVersion(), "lib", "mscorlib.dll");

        Assert.True(File.Exists(restored), "not restored: " + restored);
        Assert.Equal(File.ReadAllBytes(restored), File.ReadAllBytes(bundled));
    }
}
