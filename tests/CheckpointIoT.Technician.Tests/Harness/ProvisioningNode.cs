namespace CheckpointIoT.Technician.Tests.Harness;

/// <summary>
/// A node in provisioning mode: checkpoint-node-sim --provision on one end of a socat pty pair, its config file
/// in a temporary directory; <see cref="RunTechAsync"/> runs checkpoint-tech against the other end.
/// </summary>
public sealed class ProvisioningNode : IAsyncDisposable
{
    private readonly List<RunningProcess> _extra = [];

    private ProvisioningNode(string directory, PtyPair pty, RunningProcess node)
    {
        Directory = directory;
        Pty = pty;
        Node = node;
    }

    public string Directory { get; }
    public PtyPair Pty { get; }
    public RunningProcess Node { get; }
    public string ConfigPath => Path.Combine(Directory, "node", "node.cfg");
    public string Port => Pty.TechnicianEnd;

    public static async Task<ProvisioningNode> StartAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "checkpoint-tech-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        var pty = await PtyPair.StartAsync(dir);
        var node = RunningProcess.StartDotnet("node", Repo.NodeSimulator,
            "--provision", "--serial", pty.NodeEnd, "--config-file", Path.Combine(dir, "node", "node.cfg"));
        var started = new ProvisioningNode(dir, pty, node);
        if (!await node.WaitForOutputAsync("provisioning mode (session 1)", TimeSpan.FromSeconds(30)))
        {
            string output = node.Output;
            await started.DisposeAsync();
            throw new InvalidOperationException("the node did not enter provisioning mode:\n" + output);
        }
        return started;
    }

    /// <summary>Runs checkpoint-tech with the arguments; returns its exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> RunTechAsync(params string[] args)
    {
        var tech = RunningProcess.StartDotnet("checkpoint-tech", Repo.Technician, args);
        _extra.Add(tech);
        int code = await tech.WaitForExitAsync(TimeSpan.FromSeconds(90));
        return (code, tech.Output);
    }

    /// <summary>Starts another process that belongs to this node's test (stopped on dispose).</summary>
    public RunningProcess Track(RunningProcess process)
    {
        _extra.Add(process);
        return process;
    }

    /// <summary>Reads key=value lines of the saved config.</summary>
    public Dictionary<string, string> ReadConfig() =>
        File.ReadAllLines(ConfigPath).Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _extra) await p.DisposeAsync();
        await Node.DisposeAsync();
        await Pty.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
