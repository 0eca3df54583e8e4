using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace CheckpointIoT.TestSupport;

/// <summary>
/// A real Debian mosquitto (<c>/usr/sbin/mosquitto -c &lt;generated conf&gt;</c>) on a free loopback port, with a password
/// file made by <c>mosquitto_passwd</c>, an ACL file, allow_anonymous false (unless <see cref="MosquittoSetup.AllowAnonymous"/>)
/// and optionally a TLS listener. <see cref="AddUserAsync"/> adds an account while it runs (mosquitto_passwd + SIGHUP). No
/// persistence: <see cref="Kill"/> (SIGKILL) loses every session, as a power cut would; <see cref="RestartAsync"/> starts it
/// again on the same ports. Start failures carry the broker's log; the temp directory is deleted on dispose. The one
/// mosquitto helper of the gateway tests, the node host-link tests and the ingest benchmark.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    public const string PasswdTool = "mosquitto_passwd";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private RunningProcess? _process;

    private MosquittoProcess(string directory, int port, int? tlsPort)
    {
        Directory = directory;
        Port = port;
        TlsPort = tlsPort;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The TLS listener's port, or null without <see cref="MosquittoSetup.TlsCertFile"/>.</summary>
    public int? TlsPort { get; }

    /// <summary>Temp directory with mosquitto.conf, passwd, acl and mosquitto.log.</summary>
    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "mosquitto.conf");

    public string LogPath => Path.Combine(Directory, "mosquitto.log");

    /// <summary>Process id of the running broker (changes on restart).</summary>
    public int ProcessId => _process?.Id ?? 0;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Writes the files and starts the broker; returns once both listeners accept TCP connections.</summary>
    public static async Task<MosquittoProcess> StartAsync(MosquittoSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.Users.Count == 0 && !setup.AllowAnonymous)
        {
            throw new ArgumentException("at least one user is needed (allow_anonymous is false)", nameof(setup));
        }

        if (string.IsNullOrEmpty(setup.TlsCertFile) != string.IsNullOrEmpty(setup.TlsKeyFile))
        {
            throw new ArgumentException("TlsCertFile and TlsKeyFile go together", nameof(setup));
        }

        var dir = Path.Combine(Path.GetTempPath(), "checkpointiot-mosquitto", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var tls = !string.IsNullOrEmpty(setup.TlsCertFile);
        var broker = new MosquittoProcess(dir, Repo.FreePort(), tls ? Repo.FreePort() : null);
        try
        {
            broker.WriteFiles(setup);
            await broker.LaunchAsync().ConfigureAwait(false);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SIGKILL: the broker dies without closing sessions or sockets cleanly.</summary>
    public void Kill()
    {
        _process?.Kill();
    }

    /// <summary>Kills the broker if it still runs and starts it again on the same ports with the same files.</summary>
    public async Task RestartAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        await LaunchAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Adds (or replaces) an account in the password file while the broker runs and makes it re-read the password file
    /// and ACL (SIGHUP), then gives it 200 ms to do so. Needs a broker started with at least one user.
    /// </summary>
    public async Task AddUserAsync(string user, string password)
    {
        if (!File.Exists(PasswordPath))
        {
            throw new InvalidOperationException("the broker has no password file: start it with at least one user");
        }

        RunTool(PasswdTool, "-b", PasswordPath, user, password);
        if (_process is { HasExited: false } running)
        {
            Posix.Kill(running.Id, 1); // SIGHUP: re-read the password file and the ACL
            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>The version line of <c>mosquitto -h</c> (e.g. "mosquitto version 2.0.21"), or "mosquitto" without one.</summary>
    public static string Version()
    {
        var (_, stdout, stderr) = Run(Executable, ["-h"]);
        return (stdout + stderr).Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal))?.Trim() ?? "mosquitto";
    }

    /// <summary>The last lines of the broker's log (all runs), for failure messages.</summary>
    public string LogTail(int maxLines = 40)
    {
        string[] lines;
        try
        {
            lines = File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];
        }
        catch (IOException)
        {
            lines = [];
        }

        if (lines.Length == 0 && _process is not null)
        {
            lines = _process.Output.Split('\n');
        }

        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - maxLines)));
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task StopProcessAsync()
    {
        if (_process is not null)
        {
            _process.Kill();
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }
    }

    private string PasswordPath => Path.Combine(Directory, "passwd");

    private void WriteFiles(MosquittoSetup setup)
    {
        var first = true;
        foreach (var (user, password) in setup.Users)
        {
            RunTool(PasswdTool, first ? ["-b", "-c", PasswordPath, user, password] : ["-b", PasswordPath, user, password]);
            first = false;
        }

        var conf = new StringBuilder();
        conf.Append("# generated by CheckpointIoT.TestSupport.MosquittoProcess\n");
        conf.Append("per_listener_settings false\n");

        // Started as root, mosquitto would switch to the 'mosquitto' user and lose access to these files.
        conf.Append("user ").Append(Environment.UserName).Append('\n');
        conf.Append("allow_anonymous ").Append(setup.AllowAnonymous ? "true" : "false").Append('\n');
        if (setup.Users.Count > 0)
        {
            conf.Append("password_file ").Append(PasswordPath).Append('\n');
        }

        if (setup.Acl is not null)
        {
            var acl = Path.Combine(Directory, "acl");
            File.WriteAllText(acl, setup.Acl);
            conf.Append("acl_file ").Append(acl).Append('\n');
        }

        conf.Append("persistence false\n");
        conf.Append("log_dest file ").Append(LogPath).Append('\n');
        conf.Append("log_dest stderr\n");
        foreach (var type in setup.LogTypes)
        {
            conf.Append("log_type ").Append(type).Append('\n');
        }

        conf.Append("log_timestamp true\nconnection_messages true\n");
        conf.Append("listener ").Append(Port).Append(' ').Append(Host).Append('\n');
        if (TlsPort is { } tlsPort)
        {
            conf.Append("listener ").Append(tlsPort).Append(' ').Append(Host).Append('\n');
            conf.Append("certfile ").Append(Path.GetFullPath(setup.TlsCertFile!)).Append('\n');
            conf.Append("keyfile ").Append(Path.GetFullPath(setup.TlsKeyFile!)).Append('\n');
            conf.Append("require_certificate false\n");
        }

        if (!string.IsNullOrWhiteSpace(setup.ExtraConfig))
        {
            conf.Append(setup.ExtraConfig.TrimEnd()).Append('\n');
        }

        File.WriteAllText(ConfigPath, conf.ToString());
    }

    private async Task LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} not found: apt-get install mosquitto mosquitto-clients");
        }

        _process = RunningProcess.Start("mosquitto", Executable, Directory, "-c", ConfigPath);
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in TlsPort is { } t ? new[] { Port, t } : [Port])
        {
            while (!await AcceptsAsync(port).ConfigureAwait(false))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    var why = _process.HasExited ? "exited" : $"did not listen on {Host}:{port} within {StartTimeout.TotalSeconds:F0} s";
                    throw new InvalidOperationException($"mosquitto {why}. Output:\n{_process.Output}\nLog:\n{LogTail()}");
                }

                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> AcceptsAsync(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            using var cts = new CancellationTokenSource(1000);
            await tcp.ConnectAsync(Host, port, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs a mosquitto command-line tool to completion; throws with its output when it fails.</summary>
    public static string RunTool(string program, params string[] args)
    {
        var (exitCode, stdout, stderr) = Run(program, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {exitCode}: {stderr}{stdout}");
        }

        return stdout;
    }

    /// <summary>Runs a program to completion (15 s at most); its exit code and output.</summary>
    private static (int ExitCode, string Stdout, string Stderr) Run(string program, string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(15_000))
        {
            p.Kill();
            throw new TimeoutException($"{program} did not finish within 15 s");
        }

        p.WaitForExit(); // the output is complete
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
