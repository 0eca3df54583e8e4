namespace CheckpointIoT.Technician.Cli;

/// <summary>A failure reported as one line; <see cref="ExitCode"/> is 1 (device/gateway) or 2 (usage).</summary>
public sealed class TechnicianException(int exitCode, string message) : Exception(message)
{
    public const int Failure = 1;
    public const int Usage = 2;

    public int ExitCode { get; } = exitCode;

    public static TechnicianException UsageError(string message) => new(Usage, message);

    public static TechnicianException Fail(string message) => new(Failure, message);
}
