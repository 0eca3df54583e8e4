using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using CheckpointIoT.TestSupport;

namespace CheckpointIoT.Gateway.Tests.Hosting;

/// <summary>
/// The real gateway process under a stand-in service manager: a shell named "systemd" as its parent (what
/// Microsoft.Extensions.Hosting.Systemd looks for) and a NOTIFY_SOCKET datagram socket this test reads.
/// </summary>
public sealed class SystemdNotifyTests
{
    // The unit's NotifyAccess=main: only the gateway process's own notifications count.

    [Fact]
    public async Task Gateway_UnderSystemd_NotifiesStoppingOnSigtermAndLogsInJournalFormat()
    {
        using var run = GatewayRun.Start(underSystemd: true);
        await run.WaitForOutputAsync("checkpoint-gateway listening on");

        Assert.True(Posix.Kill(run.GatewayPid(), 15) == 0);
        var output = await run.WaitForExitAsync();
        var notifications = run.Notifications();

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("READY=1", notifications);
        Assert.Equal("STOPPING=1", notifications[^1]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^<\d>", l)); // the syslog priority prefix journald reads
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"\d{4}-\d\d-\d\dT\d\d:\d\d")); // no second timestamp
        Assert.Contains(lines, l => l.StartsWith("<4>", StringComparison.Ordinal) && l.Contains("Gateway:Upload:Enabled=false"));
    }

    [Fact]
    public async Task Gateway_NotUnderSystemd_NoStoppingNotificationAndTimestampedConsole()
    {
        using var run = GatewayRun.Start(underSystemd: false);
        await run.WaitForOutputAsync("checkpoint-gateway listening on");

        Assert.True(Posix.Kill(run.GatewayPid(), 15) == 0);
        var output = await run.WaitForExitAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("STOPPING=1", run.Notifications());
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (info|warn):", output);
    }

    private sealed class GatewayRun : IDisposable
    {
        private readonly string _dir;
        private readonly Socket _notify;
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly bool _viaShell;

        private GatewayRun(string dir, Socket notify, Process process, bool viaShell)
        {
            _dir = dir;
            _notify = notify;
            _process = process;
            _viaShell = viaShell;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_output) { _output.Append(e.Data).Append('\n'); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_output) { _output.Append(e.Data).Append('\n'); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int ExitCode => _process.ExitCode;

        public static GatewayRun Start(bool underSystemd)
        {
            var dir = Path.Combine(Path.GetTempPath(), "cp-sd-" + Guid.NewGuid().ToString("N")[..10]);
            Directory.CreateDirectory(dir);
            var socketPath = Path.Combine(dir, "notify");
            var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(socketPath));
            var gateway = $"dotnet \"{Path.Combine(AppContext.BaseDirectory, "checkpoint-gateway.dll")}\" --urls http://127.0.0.1:0"
                + $" --Gateway:DataDirectory \"{Path.Combine(dir, "data")}\" --Gateway:Broker:Port 0 --Gateway:Indicator:Mode simulated --Gateway:Upload:Enabled false";
            ProcessStartInfo psi;
            if (underSystemd)
            {
                // The parent's command name is what the Systemd package checks: a bash called "systemd" that stays the parent.
                var fakeManager = Path.Combine(dir, "systemd");
                File.CreateSymbolicLink(fakeManager, "/bin/bash");
                psi = new ProcessStartInfo(fakeManager) { ArgumentList = { "-c", gateway + "; true" } };
            }
            else
            {
                psi = new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", "exec " + gateway } };
            }
            psi.RedirectStandardOutput = true;
            psi.RedirectStandardError = true;
            psi.UseShellExecute = false;
            psi.Environment["NOTIFY_SOCKET"] = socketPath;
            return new GatewayRun(dir, notify, Process.Start(psi)!, underSystemd);
        }

        /// <summary>The gateway's pid: the shell's only child under the fake manager, else the process itself (exec).</summary>
        public int GatewayPid()
        {
            if (!_viaShell)
            {
                return _process.Id;
            }
            var children = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(Assert.Single(children), System.Globalization.CultureInfo.InvariantCulture);
        }

        public async Task WaitForOutputAsync(string text)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                lock (_output)
                {
                    if (_output.ToString().Contains(text, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                Assert.False(_process.HasExited, "the gateway exited: " + _output);
                Assert.True(DateTime.UtcNow < deadline, "no '" + text + "' within 60 s: " + _output);
                await Task.Delay(50);
            }
        }

        /// <summary>Every datagram received on NOTIFY_SOCKET so far, in order.</summary>
        public IReadOnlyList<string> Notifications()
        {
            var list = new List<string>();
            var buffer = new byte[512];
            while (_notify.Available > 0)
            {
                list.Add(Encoding.UTF8.GetString(buffer, 0, _notify.Receive(buffer)).Trim());
            }
            return list;
        }

        public async Task<string> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
            lock (_output)
            {
                return _output.ToString();
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
            _notify.Dispose();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
