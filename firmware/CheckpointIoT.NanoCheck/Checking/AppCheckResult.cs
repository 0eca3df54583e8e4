namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>Outcome of check-app: the findings plus what was compiled and how.</summary>
public sealed class AppCheckResult
{
    public AppCheckResult(CheckResult result, string? projectFile, IReadOnlyList<string> notes)
    {
        Result = result;
        ProjectFile = projectFile;
        Notes = notes;
    }

    public CheckResult Result { get; }

    /// <summary>The .nfproj used, or null when none exists yet.</summary>
    public string? ProjectFile { get; }

    /// <summary>Facts worth printing (language version, output kind).</summary>
    public IReadOnlyList<string> Notes { get; }
}
