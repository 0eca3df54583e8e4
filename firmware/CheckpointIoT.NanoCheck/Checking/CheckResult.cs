namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>Outcome of one check: all findings, sorted by file and position.</summary>
public sealed class CheckResult
{
    public CheckResult(int fileCount, IReadOnlyList<CheckDiagnostic> diagnostics, TimeSpan elapsed)
    {
        FileCount = fileCount;
        Diagnostics = diagnostics;
        Elapsed = elapsed;
    }

    public int FileCount { get; }

    public IReadOnlyList<CheckDiagnostic> Diagnostics { get; }

    public TimeSpan Elapsed { get; }

    public int ErrorCount => Diagnostics.Count(d => d.IsError);

    public int WarningCount => Diagnostics.Count(d => !d.IsError);

    public bool Succeeded => ErrorCount == 0;

    public IEnumerable<CheckDiagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
