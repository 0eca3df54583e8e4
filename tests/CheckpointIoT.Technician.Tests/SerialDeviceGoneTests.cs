using System.Text;
using CheckpointIoT.Node.Core.Tests.Fakes;
using CheckpointIoT.Technician.Tests.Harness;

namespace CheckpointIoT.Technician.Tests;

/// <summary>
/// A serial device that goes away mid-session (socat killed, as a USB-serial adapter unplugged): checkpoint-tech and
/// the host runtime fail with an error naming the port instead of hanging until a timeout.
/// </summary>
[Collection(TechnicianCollection.Name)]
public sealed class SerialDeviceGoneTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Tech_DeviceGoesAwayMidSession_FailsNamingThePortBeforeItsTimeout()
    {
        string dir = TempDirectory();
        try
        {
            await TechAgainstVanishingDeviceAsync(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task TechAgainstVanishingDeviceAsync(string dir)
    {
        await using var pty = await PtyPair.StartAsync(dir);
        // A node that never answers: the test only watches that checkpoint-tech is talking to it.
        using var nodeEnd = new FileStream(pty.NodeEnd, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);
        await using var tech = RunningProcess.StartDotnet("checkpoint-tech", Repo.Technician, "info", "--port", pty.TechnicianEnd, "--timeout", "120s");
        var firstRequest = Task.Run(() => nodeEnd.Read(new byte[64], 0, 64));
        Assert.True(await Task.WhenAny(firstRequest, Task.Delay(TimeSpan.FromSeconds(60))) == firstRequest, "checkpoint-tech sent nothing:\n" + tech.Output);
        Assert.True(firstRequest.Result > 0);

        pty.Kill();
        int code = await tech.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains("error: --port: " + pty.TechnicianEnd + ": the device went away", tech.Output);
        Assert.DoesNotContain("no Improv answer", tech.Output);
    }

    [Fact]
    public async Task Sim_ProvisioningDeviceGoesAway_ExitsNamingTheSerialDevice()
    {
        await using var node = await ProvisioningNode.StartAsync();

        node.Pty.Kill();
        int code = await node.Node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains("error: --serial: " + node.Pty.NodeEnd + ": the serial device went away", node.Node.Output);
    }

    [Fact]
    public async Task Sim_ScannerGoesAwayWhileRunning_LogsItOnceAndTheNodeRunsOn()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var provisioned = await node.RunTechAsync("provision", "--port", node.Port, "--checkpoint", "cp-scan-gone", "--direction", "in",
            "--gateway", gateway.Url, "--admin-token-file", gateway.AdminTokenFile, "--timeout", "20s");
        Assert.True(provisioned.ExitCode == 0, provisioned.Output);
        await using var scanner = await PtyPair.StartAsync(Directory.CreateDirectory(Path.Combine(node.Directory, "scanner")).FullName);
        var run = node.Track(RunningProcess.StartDotnet("node-run-scanner", Repo.NodeSimulator,
            "--config-file", node.ConfigPath, "--data-dir", Path.Combine(node.Directory, "run"), "--serial", scanner.NodeEnd));
        Assert.True(await run.WaitForOutputAsync("sim: node", TimeSpan.FromSeconds(60)), run.Output);
        // The node runs the GM65 driver on --serial: a GM65-style module answers it on the other end of the pty.
        var module = new FakeGm65Module();
        var tty = new FileStream(scanner.TechnicianEnd, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);
        using var stop = new CancellationTokenSource();
        var pump = Task.Run(() => PumpAsync(tty, module, stop.Token));
        Assert.True(await WaitAsync(() => { lock (module) return module.ZoneWrites > 0; }, TimeSpan.FromSeconds(60)),
            "the node never configured the module:\n" + run.Output);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the driver finishes its set-up (save, heartbeat) before it reads scans
        lock (module) module.EmitScan("001099012345||Nguyen Van An|01011990|Nam|HN|10072021");
        Assert.True(await run.WaitForOutputAsync("verdicts=1", TimeSpan.FromSeconds(60)), run.Output + "\n--- gateway ---\n" + gateway.Output);
        stop.Cancel();
        await Task.WhenAny(pump, Task.Delay(2000));

        scanner.Kill();

        Assert.True(await run.WaitForOutputAsync(scanner.NodeEnd + ": the serial device went away", TimeSpan.FromSeconds(60)), run.Output);
        int reports = Count(run.Output, "sim: ");
        Assert.True(await WaitAsync(() => Count(run.Output, "sim: ") > reports, TimeSpan.FromSeconds(60)), "the node stopped after losing its scanner:\n" + run.Output);
        Assert.False(run.HasExited, run.Output);
        Assert.Equal(1, Count(run.Output, "went away"));
        Assert.Contains("[" + node.ReadConfig()["node_id"] + ":online]", run.Output[run.Output.LastIndexOf("sim: ", StringComparison.Ordinal)..]);
    }

    /// <summary>Moves bytes between the pty and the module (a pty has no speed: the host side follows the module's).</summary>
    private static async Task PumpAsync(FileStream tty, FakeGm65Module module, CancellationToken ct)
    {
        var reader = Task.Run(() =>
        {
            var buffer = new byte[256];
            try
            {
                int n;
                while (!ct.IsCancellationRequested && (n = tty.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (module)
                    {
                        module.SetBaudRate(module.ModuleBaud);
                        module.Write(buffer, 0, n);
                    }
                }
            }
            catch (IOException) { } // the pty went away
        });
        var outgoing = new byte[256];
        try
        {
            while (!ct.IsCancellationRequested && !reader.IsCompleted)
            {
                int n;
                lock (module) n = module.Read(outgoing, 0, outgoing.Length);
                if (n > 0) { tty.Write(outgoing, 0, n); tty.Flush(); }
                else await Task.Delay(5, CancellationToken.None);
            }
        }
        catch (IOException) { }
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }

    private static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "checkpoint-tech-gone-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
