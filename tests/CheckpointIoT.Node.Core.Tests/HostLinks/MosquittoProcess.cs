using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>
/// Debian's mosquitto as a real broker for the host link tests: a process on a free loopback port, anonymous
/// clients allowed, no persistence. <see cref="RestartAsync"/> kills it (SIGKILL) and starts it again on the same port.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    public const string Program = "/usr/sbin/mosquitto";

    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private MosquittoProcess(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the broker; with <paramref name="tls"/> (PEM files) its one listener speaks TLS only.</summary>
    public static async Task<MosquittoProcess> StartAsync(TestCertificates? tls = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "host-links-mqtt-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var broker = new MosquittoProcess(dir, FreePort());
        var conf = new StringBuilder();
        // started as root, mosquitto would switch to the 'mosquitto' user and lose access to the test's files
        if (Environment.UserName.Length > 0) conf.Append("user ").Append(Environment.UserName).Append('\n');
        conf.Append($"listener {broker.Port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stdout\n");
        if (tls != null) conf.Append($"cafile {tls.CaFile}\ncertfile {tls.ServerCertFile}\nkeyfile {tls.ServerKeyFile}\n");
        File.WriteAllText(Path.Combine(dir, "mosquitto.conf"), conf.ToString());
        await broker.StartProcessAsync();
        return broker;
    }

    /// <summary>A power cut of the broker and its return: every client connection drops without a word.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await StartProcessAsync();
    }

    public void Kill()
    {
        if (_process == null) return;
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(10_000);
        _process.Dispose();
        _process = null;
    }

    private async Task StartProcessAsync()
    {
        var psi = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Path.Combine(_directory, "mosquitto.conf"));
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("mosquitto exited at start:\n" + Output);
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
