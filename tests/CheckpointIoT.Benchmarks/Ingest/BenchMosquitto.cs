using System.Diagnostics;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.TestSupport;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>
/// Debian's mosquitto for the benchmark, configured as a site would for external mode (password file + the gateway's
/// ACL, no anonymous access, no persistence) plus a "bench" account for the raw baseline on bench/#. Nodes enrolled at
/// the gateway are added with mosquitto_passwd and a SIGHUP reload.
/// </summary>
internal sealed class BenchMosquitto : IAsyncDisposable
{
    public const string BenchUser = "bench";
    public const string GatewayUser = "gateway";
    private readonly string _dir;

    private RunningProcess? _process;

    private BenchMosquitto(string dir, int port, string version)
    {
        _dir = dir;
        Port = port;
        Version = version;
    }

    public int Port { get; }

    public string Version { get; }

    public string BenchPassword { get; } = Guid.NewGuid().ToString("N");

    public string GatewayPassword { get; } = Guid.NewGuid().ToString("N");

    private string PasswordFile => Path.Combine(_dir, "passwd");

    public static async Task<BenchMosquitto> StartAsync()
    {
        var exe = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        var dir = Directory.CreateTempSubdirectory("cp-bench-mosquitto-").FullName;
        var port = Repo.FreePort();
        await File.WriteAllTextAsync(Path.Combine(dir, "acl"), BrokerAccessRules.RenderAcl() + $"\nuser {BenchUser}\ntopic readwrite bench/#\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "mosquitto.conf"), string.Join('\n',
            // started as root, mosquitto would switch to the 'mosquitto' user and lose access to these files
            $"user {Environment.UserName}",
            $"listener {port} 127.0.0.1",
            "allow_anonymous false",
            $"password_file {Path.Combine(dir, "passwd")}",
            $"acl_file {Path.Combine(dir, "acl")}",
            "persistence false",
            "max_queued_messages 100000",
            "max_inflight_messages 1000",
            "set_tcp_nodelay true",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            string.Empty));
        var version = (await Capture(exe, "-h")).Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal))?.Trim() ?? "mosquitto";
        var m = new BenchMosquitto(dir, port, version);
        await m.AddUserAsync(BenchUser, m.BenchPassword, reload: false);
        await m.AddUserAsync(GatewayUser, m.GatewayPassword, reload: false);
        m._process = RunningProcess.Start("mosquitto", exe, dir, "-c", Path.Combine(dir, "mosquitto.conf"));
        await m.WaitListeningAsync();
        return m;
    }

    /// <summary>Adds (or replaces) an account in the password file and makes the running broker reload it.</summary>
    public async Task AddUserAsync(string user, string password) => await AddUserAsync(user, password, reload: true);

    private async Task AddUserAsync(string user, string password, bool reload)
    {
        var args = File.Exists(PasswordFile) ? new[] { "-b", PasswordFile, user, password } : ["-b", "-c", PasswordFile, user, password];
        await Capture("mosquitto_passwd", args);
        if (reload && _process != null)
        {
            Posix.Kill(_process.Id, 1); // SIGHUP: re-read password file and ACL
            await Task.Delay(200);
        }
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException("mosquitto exited during start:\n" + _process.Output);
            }

            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("mosquitto did not listen on " + Port + ":\n" + _process!.Output);
    }

    private static async Task<string> Capture(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process != null)
        {
            await _process.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
