namespace CheckpointIoT.NanoCheck.Cli;

/// <summary>Finds the repository root: the nearest folder (walking up) that holds firmware/CheckpointIoT.Node.Core.</summary>
public static class RepoLocator
{
    public const string CoreFolder = "firmware/CheckpointIoT.Node.Core";

    public const string AppFolder = "firmware/CheckpointIoT.Node.Esp32";

    /// <summary>
    /// The listings of the two libraries the core uses besides mscorlib (nanoFramework.System.Text and
    /// nanoFramework.System.Collections), kept in the repository because NuGet does not serve them here.
    /// </summary>
    public const string CoreApiFolder = "firmware/CheckpointIoT.Node.Core.Nano/api";

    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir != null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, CoreFolder)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Default cache root: &lt;repo&gt;/artifacts/nanoref (git-ignored), or a temp folder outside a repository.</summary>
    public static string DefaultCacheRoot(string? repoRoot) =>
        repoRoot != null
            ? Path.Combine(repoRoot, "artifacts", "nanoref")
            : Path.Combine(Path.GetTempPath(), "checkpoint-nanoref");
}
