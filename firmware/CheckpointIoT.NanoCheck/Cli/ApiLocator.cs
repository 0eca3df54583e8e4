namespace CheckpointIoT.NanoCheck.Cli;

/// <summary>
/// Finds the nanoframework-api listings: an explicit folder, else env NANOFRAMEWORK_API_DIR, else the first
/// <c>shared/nanoframework-api</c> walking up from the start folder (which finds <c>../shared/nanoframework-api</c>
/// next to the repository root, the team layout).
/// </summary>
public static class ApiLocator
{
    public const string EnvironmentVariable = "NANOFRAMEWORK_API_DIR";

    public const string NotFoundMessage =
        "../shared/nanoframework-api not found — the nanoFramework compile checks need it (a technician builds the ESP32 app with the nanoFramework toolchain instead)";

    public static bool IsListingsFolder(string directory) =>
        Directory.Exists(directory) && File.Exists(Path.Combine(directory, "mscorlib.txt"));

    /// <summary>Returns the listings folder, or null if none is found.</summary>
    public static string? Locate(string? explicitDirectory, string startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            string full = Path.GetFullPath(explicitDirectory);
            return IsListingsFolder(full) ? full : null;
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            string full = Path.GetFullPath(fromEnvironment);
            return IsListingsFolder(full) ? full : null;
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "nanoframework-api");
            if (IsListingsFolder(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
