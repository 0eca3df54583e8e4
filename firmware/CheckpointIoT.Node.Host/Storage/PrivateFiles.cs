using System;
using System.IO;

namespace CheckpointIoT.Node.Host.Storage;

/// <summary>
/// Owner-only files and directories for what a node keeps on disk: queued check-ins carry personal data and
/// node.cfg carries the broker password, so files are created 0600 and their directories 0700 (a wider existing
/// queue directory is narrowed). Host-only: the ESP32's flash has no modes.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates <paramref name="path"/> (and parents) 0700. <paramref name="narrowExisting"/> narrows an existing wider
    /// directory too: right for a directory the node owns (its queue), wrong for one a user named (node.cfg may sit in
    /// their working directory).
    /// </summary>
    public static void EnsureDirectory(string path, bool narrowExisting)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
        if (narrowExisting && (File.GetUnixFileMode(path) & ~DirectoryMode) != 0) File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>Opens a file, creating it 0600 when <paramref name="mode"/> may create it.</summary>
    public static FileStream Open(string path, System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows() && mode != System.IO.FileMode.Open && mode != System.IO.FileMode.Truncate) options.UnixCreateMode = FileMode;
        return new FileStream(path, options);
    }
}
