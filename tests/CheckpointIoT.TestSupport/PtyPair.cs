using System.Diagnostics;

namespace CheckpointIoT.TestSupport;

/// <summary>
/// Two connected pseudo-terminals from socat (raw, no echo), reachable through stable links: <see cref="NodeEnd"/> is
/// the node's serial device, <see cref="TechnicianEnd"/> the far end (checkpoint-tech, or a test acting as the
/// scanner). <see cref="Kill"/> makes both ends go away as an unplugged USB-serial adapter does. The one socat helper
/// of the node host-link tests and the technician tests.
/// </summary>
public sealed class PtyPair : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly RunningProcess _socat;
    private readonly bool _ownsDirectory;

    private PtyPair(RunningProcess socat, string directory, bool ownsDirectory)
    {
        _socat = socat;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The directory that holds the two links.</summary>
    public string Directory { get; }

    public string NodeEnd => Path.Combine(Directory, "node-tty");

    public string TechnicianEnd => Path.Combine(Directory, "tech-tty");

    /// <summary>socat's own output (started with -d -d: it names the ptys it made).</summary>
    public string Output => _socat.Output;

    /// <summary>
    /// Starts socat with the links in <paramref name="directory"/> (the caller's, left in place), or without one in a
    /// new temporary directory that <see cref="DisposeAsync"/> deletes; returns once both links exist.
    /// </summary>
    public static async Task<PtyPair> StartAsync(string? directory = null)
    {
        var owns = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("checkpointiot-pty-").FullName;
        var socat = RunningProcess.Start("socat", "socat", directory, "-d", "-d",
            $"pty,raw,echo=0,link={Path.Combine(directory, "node-tty")}", $"pty,raw,echo=0,link={Path.Combine(directory, "tech-tty")}");
        var pair = new PtyPair(socat, directory, owns);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!(File.Exists(pair.NodeEnd) && File.Exists(pair.TechnicianEnd)))
        {
            if (socat.HasExited || DateTime.UtcNow > deadline)
            {
                var output = socat.Output;
                await pair.DisposeAsync();
                throw new InvalidOperationException("socat did not create the pty pair: " + output);
            }

            await Task.Delay(20);
        }

        return pair;
    }

    /// <summary>SIGKILL socat: both ptys vanish, as an unplugged USB-serial adapter does.</summary>
    public void Kill() => _socat.Kill();

    /// <summary>The speed stty reports for one end (what the open port really runs at).</summary>
    public static string SttySpeed(string end)
    {
        var psi = new ProcessStartInfo("stty") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-F");
        psi.ArgumentList.Add(end);
        psi.ArgumentList.Add("speed");
        using var stty = Process.Start(psi) ?? throw new InvalidOperationException("cannot run stty");
        var stderr = stty.StandardError.ReadToEndAsync();
        var output = stty.StandardOutput.ReadToEnd() + stderr.Result;
        stty.WaitForExit();
        return output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _socat.DisposeAsync();
        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
