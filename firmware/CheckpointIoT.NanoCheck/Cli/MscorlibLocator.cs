namespace CheckpointIoT.NanoCheck.Cli;

/// <summary>
/// Finds the real nanoFramework mscorlib.dll (from the nanoFramework.CoreLibrary NuGet package, the version pinned in
/// Directory.Packages.props): an explicit file, else env NANOFRAMEWORK_MSCORLIB, else the copy the nanocheck build puts
/// next to nanocheck.dll (<c>nanoFramework.CoreLibrary/mscorlib.dll</c>).
/// </summary>
public static class MscorlibLocator
{
    public const string EnvironmentVariable = "NANOFRAMEWORK_MSCORLIB";

    /// <summary>Where the nanocheck build copies the package's lib/mscorlib.dll, relative to nanocheck.dll.</summary>
    public const string BundledRelativePath = "nanoFramework.CoreLibrary/mscorlib.dll";

    public const string NotFoundMessage =
        "the nanoFramework mscorlib.dll was not found: build nanocheck (its nanoFramework.CoreLibrary package reference copies it to " +
        BundledRelativePath + " next to nanocheck.dll), or pass --mscorlib <file> / set " + EnvironmentVariable;

    /// <summary>Returns the full path of the mscorlib.dll to use, or null if none is found.</summary>
    public static string? Locate(string? explicitFile)
    {
        string? candidate = !string.IsNullOrWhiteSpace(explicitFile)
            ? explicitFile
            : Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(candidate))
        {
            candidate = Path.Combine(AppContext.BaseDirectory, BundledRelativePath);
        }

        string full = Path.GetFullPath(candidate);
        return File.Exists(full) ? full : null;
    }
}
