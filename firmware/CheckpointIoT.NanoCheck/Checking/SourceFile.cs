namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>A C# source to check: its path (used in diagnostics) and text.</summary>
public sealed record SourceFile(string Path, string Text)
{
    public static SourceFile Read(string path) => new(path, File.ReadAllText(path));
}
