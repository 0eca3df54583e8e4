namespace CheckpointIoT.Technician.Tests.Harness;

/// <summary>Two connected pseudo-terminals from socat, reachable through stable links <see cref="NodeEnd"/> and <see cref="TechnicianEnd"/>.</summary>
public sealed class PtyPair : IAsyncDisposable
{
    private readonly RunningProcess _socat;

    private PtyPair(RunningProcess socat, string nodeEnd, string technicianEnd)
    {
        _socat = socat;
        NodeEnd = nodeEnd;
        TechnicianEnd = technicianEnd;
    }

    public string NodeEnd { get; }

    public string TechnicianEnd { get; }

    public static async Task<PtyPair> StartAsync(string directory)
    {
        string a = Path.Combine(directory, "node-tty");
        string b = Path.Combine(directory, "tech-tty");
        var socat = RunningProcess.Start("socat", "socat", directory, "-d", "-d", $"pty,raw,echo=0,link={a}", $"pty,raw,echo=0,link={b}");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(File.Exists(a) && File.Exists(b)))
        {
            if (socat.HasExited || DateTime.UtcNow > deadline)
            {
                await socat.DisposeAsync();
                throw new InvalidOperationException("socat did not create the pty pair: " + socat.Output);
            }
            await Task.Delay(20);
        }
        return new PtyPair(socat, a, b);
    }

    /// <summary>SIGKILL socat: both ptys vanish, as an unplugged USB-serial adapter does.</summary>
    public void Kill() => _socat.Kill();

    public ValueTask DisposeAsync() => _socat.DisposeAsync();
}
