using System.Security.Cryptography;
using System.Text;

namespace CheckpointIoT.Gateway.Identity;

/// <summary>Files with secrets or personal data in the data directory (admin token, salt, the database): mode 0600.</summary>
public static class SecretFile
{
    /// <summary>Writes <paramref name="text"/> to a new file readable only by its owner (replacing any old one atomically).</summary>
    public static void WriteNew(string path, string text)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var fs = new FileStream(temp, options))
        {
            fs.Write(Encoding.UTF8.GetBytes(text));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Makes <paramref name="path"/> readable and writable by its owner only: creates it empty with mode 0600 when it does
    /// not exist (so a database is never world-readable, not even for a moment), else narrows a wider mode to 0600.
    /// </summary>
    public static void EnsurePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private });
        }
        else if ((File.GetUnixFileMode(path) & ~Private) != 0)
        {
            File.SetUnixFileMode(path, Private);
        }
    }

    /// <summary>The file's trimmed text, creating it first with a random URL-safe token of <paramref name="bytes"/> bytes.</summary>
    public static string ReadOrCreateToken(string path, int bytes = 24)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            WriteNew(path, NewToken(bytes));
        }

        return File.ReadAllText(path).Trim();
    }

    public static string NewToken(int bytes = 24) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
