namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>One finding, printed as <c>file(line,col): error CODE: message</c>.</summary>
/// <param name="Path">File path (as given to the checker); empty for project-level findings.</param>
/// <param name="Line">1-based line, 0 if not known.</param>
/// <param name="Column">1-based column, 0 if not known.</param>
/// <param name="IsError">Error (fails the check) or warning.</param>
/// <param name="Code">CSxxxx for compiler diagnostics, NC1xxx for lint, NC2xxx for project checks.</param>
/// <param name="Message">Human-readable message.</param>
public sealed record CheckDiagnostic(string Path, int Line, int Column, bool IsError, string Code, string Message)
{
    public string Format(Func<string, string>? displayPath = null)
    {
        string path = displayPath == null ? Path : displayPath(Path);
        string location = path.Length == 0 ? "nanocheck" : Line > 0 ? path + "(" + Line + "," + Column + ")" : path;
        return location + ": " + (IsError ? "error " : "warning ") + Code + ": " + Message;
    }

    public override string ToString() => Format();
}
