using System.Diagnostics;

namespace CheckpointIoT.Soak;

/// <summary>
/// The gateway's data directory on a 64 MB tmpfs, so the soak can fill the gateway's disk once and free it again.
/// Without the right to mount it says "SKIPPED disk fill: reason" and uses a plain directory.
/// </summary>
public sealed class GatewayDisk : IAsyncDisposable
{
    private Task _fill = Task.CompletedTask;

    private GatewayDisk(string path, bool mounted)
    {
        Path = path;
        Mounted = mounted;
    }

    public string Path { get; }
    public bool Mounted { get; }

    public static GatewayDisk Mount(string path)
    {
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "soak-gateway", path);
        if (code != 0) Console.WriteLine("SKIPPED disk fill: " + output.Trim());
        return new GatewayDisk(path, code == 0);
    }

    /// <summary>Fills the tmpfs to the last byte, holds it full for <paramref name="hold"/>, then deletes the filler.</summary>
    public Task FillForAsync(TimeSpan hold) => _fill = FillAsync(hold);

    public Task WaitFreedAsync() => _fill;

    private async Task FillAsync(TimeSpan hold)
    {
        string filler = System.IO.Path.Combine(Path, "filler");
        long written = 0;
        try
        {
            await using var f = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            var chunk = new byte[64 * 1024];
            try { while (true) { f.Write(chunk); written += chunk.Length; } }
            catch (IOException) { /* ENOSPC: the disk is full */ }
            Console.WriteLine($"disk: gateway disk full ({written / (1024 * 1024)} MB filler), holding {hold.TotalSeconds} s");
            await Task.Delay(hold);
        }
        catch (IOException) { /* closing the full file may fail to flush; the filler is deleted below anyway */ }
        File.Delete(filler);
        Console.WriteLine("disk: gateway disk freed");
    }

    private static (int, string) Run(string program, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
    }

    public async ValueTask DisposeAsync()
    {
        await _fill;
        if (Mounted) Run("umount", Path);
    }
}
