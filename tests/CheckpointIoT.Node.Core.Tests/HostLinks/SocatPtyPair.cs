using System.Diagnostics;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>Two connected pseudo-terminals from socat (raw, no echo) behind stable links; <see cref="Kill"/> makes both ends go away.</summary>
public sealed class SocatPtyPair : IDisposable
{
    private readonly Process _socat;

    private SocatPtyPair(Process socat, string directory)
    {
        _socat = socat;
        Directory = directory;
    }

    public string Directory { get; }

    public string EndA => Path.Combine(Directory, "tty-a");

    public string EndB => Path.Combine(Directory, "tty-b");

    public static SocatPtyPair Start()
    {
        string dir = Path.Combine(Path.GetTempPath(), "host-links-pty-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        var psi = new ProcessStartInfo("socat") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string end in new[] { "tty-a", "tty-b" }) psi.ArgumentList.Add($"pty,raw,echo=0,link={Path.Combine(dir, end)}");
        var socat = Process.Start(psi) ?? throw new InvalidOperationException("cannot start socat");
        var pair = new SocatPtyPair(socat, dir);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(File.Exists(pair.EndA) && File.Exists(pair.EndB)))
        {
            if (socat.HasExited || DateTime.UtcNow > deadline)
            {
                pair.Dispose();
                throw new InvalidOperationException("socat did not create the pty pair");
            }
            Thread.Sleep(20);
        }
        return pair;
    }

    /// <summary>SIGKILL: the ptys vanish as an unplugged USB-serial adapter does.</summary>
    public void Kill()
    {
        if (!_socat.HasExited) _socat.Kill();
        _socat.WaitForExit(10_000);
    }

    /// <summary>The speed stty reports for one end (what the open port really runs at).</summary>
    public static string SttySpeed(string end)
    {
        var psi = new ProcessStartInfo("stty") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-F");
        psi.ArgumentList.Add(end);
        psi.ArgumentList.Add("speed");
        using var stty = Process.Start(psi) ?? throw new InvalidOperationException("cannot run stty");
        string output = stty.StandardOutput.ReadToEnd() + stty.StandardError.ReadToEnd();
        stty.WaitForExit();
        return output.Trim();
    }

    public void Dispose()
    {
        Kill();
        _socat.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
