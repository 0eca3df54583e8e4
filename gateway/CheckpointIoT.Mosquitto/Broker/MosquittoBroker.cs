using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CheckpointIoT.Mosquitto.Native;

namespace CheckpointIoT.Mosquitto;

/// <summary>
/// Runs one mosquitto broker process with a generated config (listener, password file, ACL file, optional TLS
/// listener). A broker started here is always killed on Stop/Dispose and, as a last resort, on process exit.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private const int LogTailCapacity = 400;
    private static readonly ConcurrentDictionary<MosquittoBroker, byte> s_running = new();
    private static int s_exitHookInstalled;

    private readonly MosquittoBrokerOptions _options;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Lock _logLock = new();
    private readonly Queue<string> _logTail = new();
    private IReadOnlyList<MqttCredential>? _users;
    private string? _aclText;
    private Process? _process;
    private volatile bool _stopRequested;
    private volatile bool _starting;
    private int _disposed;

    public MosquittoBroker(MosquittoBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _users = options.Users;
        _aclText = options.AclText;
        Port = options.Port == 0 ? FreeTcpPort() : options.Port;
        if (options.CertFile is not null)
        {
            TlsPort = options.TlsPort == 0 ? FreeTcpPort() : options.TlsPort;
        }

        DataDirectory = Path.GetFullPath(options.DataDirectory);
        ConfigPath = Path.Combine(DataDirectory, "mosquitto.conf");
        PasswordFilePath = Path.Combine(DataDirectory, "passwd");
        AclFilePath = Path.Combine(DataDirectory, "acl");
        LogPath = Path.Combine(DataDirectory, "mosquitto.log");
    }

    /// <summary>Raised (on a thread-pool thread) when the process exits without Stop/Restart/Dispose asking it to.</summary>
    public event Action<int>? Exited;

    /// <summary>The plain MQTT port (fixed for the object's lifetime, so restarts keep it).</summary>
    public int Port { get; }

    /// <summary>The TLS listener port, or null without a TLS listener.</summary>
    public int? TlsPort { get; }

    /// <summary>Address clients should connect to (the bind address, or loopback for a wildcard bind).</summary>
    public string Host => _options.Bind is "0.0.0.0" or "::" ? "127.0.0.1" : _options.Bind;

    public string DataDirectory { get; }

    public string ConfigPath { get; }

    public string PasswordFilePath { get; }

    public string AclFilePath { get; }

    public string LogPath { get; }

    public bool IsRunning => _process is { } p && !HasExited(p);

    public int? ProcessId => _process is { } p && !HasExited(p) ? p.Id : null;

    /// <summary>Exit code of the last process that ended, if any.</summary>
    public int? LastExitCode { get; private set; }

    /// <summary>Finds mosquitto on PATH, then in /usr/sbin, /usr/local/sbin, /sbin; null if none.</summary>
    public static string? FindExecutable()
    {
        foreach (var candidate in CandidatePaths())
        {
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A currently free TCP port on 127.0.0.1 (bind to port 0, read it, release).</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Writes the config files, starts mosquitto and waits until its port(s) accept TCP connections.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StartCoreAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <see cref="MosquittoBrokerOptions.StopTimeout"/>. Safe to call when stopped.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops and starts again on the same port(s) with freshly written config files.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
            await StartCoreAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Rewrites the config files and sends SIGHUP: mosquitto re-reads the password and ACL files. The reload is
    /// asynchronous inside the broker; it is complete within a few milliseconds.
    /// </summary>
    public void Reload()
    {
        WriteFiles();
        var process = _process;
        if (process is null || HasExited(process))
        {
            throw new InvalidOperationException("The mosquitto broker is not running.");
        }

        if (LibC.Kill(process.Id, LibC.SIGHUP) != 0)
        {
            throw new MosquittoBrokerException($"Could not signal mosquitto (pid {process.Id}) to reload.");
        }
    }

    /// <summary>Replaces the broker users (password file) and reloads a running broker.</summary>
    public void UpdateUsers(IReadOnlyList<MqttCredential> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        _ = MosquittoPasswordFile.Render(users, 1); // validates names before anything is replaced
        _users = users;
        ReloadIfRunning();
    }

    /// <summary>Replaces the ACL file text and reloads a running broker.</summary>
    public void UpdateAcl(string aclText)
    {
        ArgumentNullException.ThrowIfNull(aclText);
        _aclText = aclText;
        ReloadIfRunning();
    }

    /// <summary>The last lines the broker wrote to stdout/stderr (its log), oldest first.</summary>
    public string LogTail(int maxLines = 50)
    {
        lock (_logLock)
        {
            return string.Join('\n', _logTail.Skip(Math.Max(0, _logTail.Count - maxLines)));
        }
    }

    /// <summary>The mosquitto.conf text the broker is (or would be) started with.</summary>
    public string RenderConfig()
    {
        var sb = new StringBuilder();
        sb.Append("# generated by CheckpointIoT.Mosquitto.MosquittoBroker; rewritten on every start/reload\n");
        sb.Append("per_listener_settings false\n");
        if (Environment.UserName is { Length: > 0 } user)
        {
            // mosquitto started as root would otherwise switch to the 'mosquitto' user and lose access to our files.
            sb.Append("user ").Append(user).Append('\n');
        }

        sb.Append("allow_anonymous ").Append(_options.AllowAnonymous ? "true" : "false").Append('\n');
        if (_users is not null)
        {
            sb.Append("password_file ").Append(PasswordFilePath).Append('\n');
        }

        if (_aclText is not null)
        {
            sb.Append("acl_file ").Append(AclFilePath).Append('\n');
        }

        sb.Append("persistence ").Append(_options.Persistence ? "true" : "false").Append('\n');
        if (_options.Persistence)
        {
            sb.Append("persistence_location ").Append(DataDirectory).Append('/').Append('\n');
        }

        sb.Append("log_dest stderr\n");
        sb.Append("log_dest file ").Append(LogPath).Append('\n');
        sb.Append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\nlog_type subscribe\n");
        sb.Append("log_timestamp true\nconnection_messages true\n");
        sb.Append(CultureInfo.InvariantCulture, $"listener {Port} {_options.Bind}\n");
        if (TlsPort is { } tlsPort)
        {
            sb.Append(CultureInfo.InvariantCulture, $"listener {tlsPort} {_options.Bind}\n");
            if (_options.CaFile is not null)
            {
                sb.Append("cafile ").Append(Path.GetFullPath(_options.CaFile)).Append('\n');
            }

            sb.Append("certfile ").Append(Path.GetFullPath(_options.CertFile!)).Append('\n');
            sb.Append("keyfile ").Append(Path.GetFullPath(_options.KeyFile!)).Append('\n');
            sb.Append("require_certificate ").Append(_options.RequireClientCertificate ? "true" : "false").Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(_options.ExtraConfig))
        {
            sb.Append(_options.ExtraConfig.TrimEnd()).Append('\n');
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        if (_options.DeleteDataDirectoryOnDispose)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    internal static IEnumerable<string> CandidatePaths()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return Path.Combine(dir, "mosquitto");
        }

        yield return "/usr/sbin/mosquitto";
        yield return "/usr/local/sbin/mosquitto";
        yield return "/sbin/mosquitto";
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            if (OperatingSystem.IsWindows())
            {
                return true;
            }

            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool HasExited(Process p)
    {
        try
        {
            return p.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref s_exitHookInstalled, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var broker in s_running.Keys)
            {
                broker.KillNow();
            }
        };
    }

    private void ReloadIfRunning()
    {
        if (IsRunning)
        {
            Reload();
        }
        else
        {
            WriteFiles();
        }
    }

    private string ResolveExecutable()
    {
        if (_options.Executable is { } explicitPath)
        {
            if (!IsExecutableFile(explicitPath))
            {
                throw new MosquittoBrokerException(MosquittoInstallHints.ExecutableNotFound(new[] { explicitPath }));
            }

            return explicitPath;
        }

        return FindExecutable()
            ?? throw new MosquittoBrokerException(MosquittoInstallHints.ExecutableNotFound(CandidatePaths().Distinct()));
    }

    private void WriteFiles()
    {
        Directory.CreateDirectory(DataDirectory);
        if (_users is not null)
        {
            WriteAtomically(PasswordFilePath, MosquittoPasswordFile.Render(_users, _options.PasswordIterations), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (_aclText is not null)
        {
            WriteAtomically(AclFilePath, _aclText.EndsWith('\n') ? _aclText : _aclText + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        WriteAtomically(ConfigPath, RenderConfig(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, mode);
        }

        File.Move(temp, path, overwrite: true);
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        if (_process is { } existing && !HasExited(existing))
        {
            return;
        }

        var executable = ResolveExecutable();
        WriteFiles();
        lock (_logLock)
        {
            _logTail.Clear();
        }

        var psi = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            WorkingDirectory = DataDirectory,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(ConfigPath);

        var process = new Process { StartInfo = ProcessSpawner.Wrap(psi), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.Exited += (_, _) => OnProcessExited(process);
        _stopRequested = false;
        _starting = true; // an exit during startup is reported by StartAsync's exception, not by Exited
        InstallExitHook();
        try
        {
            await ProcessSpawner.StartAsync(process).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _starting = false;
            throw new MosquittoBrokerException($"Could not start {executable}: {ex.Message}", ex);
        }

        _process = process;
        s_running[this] = 0;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        try
        {
            await WaitForPortAsync(process, Port, ct).ConfigureAwait(false);
            if (TlsPort is { } tlsPort)
            {
                await WaitForPortAsync(process, tlsPort, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            await StopCoreAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task WaitForPortAsync(Process process, int port, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (HasExited(process))
            {
                process.WaitForExit(); // flush redirected output into the tail
                throw new MosquittoBrokerException(
                    $"mosquitto exited with code {process.ExitCode} during startup (port {port}, config {ConfigPath}). Log tail:\n{LogTail()}");
            }

            using (var client = new TcpClient())
            {
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
                    await client.ConnectAsync(Host, port, attempt.Token).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
                {
                }
            }

            if (deadline.Elapsed > _options.StartTimeout)
            {
                throw new MosquittoBrokerException(
                    $"mosquitto did not accept connections on {Host}:{port} within {_options.StartTimeout.TotalSeconds:0.#} s. Log tail:\n{LogTail()}");
            }

            await Task.Delay(25, ct).ConfigureAwait(false);
        }
    }

    private async Task StopCoreAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _stopRequested = true;
        try
        {
            if (!HasExited(process))
            {
                _ = LibC.Kill(process.Id, LibC.SIGTERM);
                using var timeout = new CancellationTokenSource(_options.StopTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
            else
            {
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            LastExitCode = process.ExitCode;
        }
        finally
        {
            s_running.TryRemove(this, out _);
            process.Dispose();
            _process = null;
        }
    }

    private void KillNow()
    {
        try
        {
            if (_process is { } p && !HasExited(p))
            {
                _stopRequested = true;
                p.Kill(entireProcessTree: true);
            }
        }
        catch (Exception)
        {
            // Best effort during process exit.
        }
    }

    private void OnProcessExited(Process process)
    {
        int code;
        try
        {
            code = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        LastExitCode = code;
        if (!_stopRequested && !_starting && ReferenceEquals(process, _process))
        {
            AppendLog($"[CheckpointIoT] mosquitto exited unexpectedly with code {code}");
            Exited?.Invoke(code);
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _logTail.Enqueue(line);
            while (_logTail.Count > LogTailCapacity)
            {
                _logTail.Dequeue();
            }
        }
    }
}
