using System.Diagnostics;
using System.Text;

namespace CheckpointIoT.TestSupport;

/// <summary>A real child process (dotnet &lt;program&gt;.dll) whose output is captured; killed with its tree on dispose.</summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    private RunningProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; false on timeout or exit.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (HasExited) return Output.Contains(text, StringComparison.Ordinal);
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>
    /// Waits until <paramref name="url"/> answers with a success status; throws with the process's output when the
    /// process exits first or the timeout passes (a server started as a child process, waited for before use).
    /// </summary>
    public async Task WaitForHttpAsync(HttpClient http, string url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited) throw new InvalidOperationException($"{Name} exited during start. Output:\n{Output}");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{url} did not answer. {Name} output:\n{Output}");
    }

    public static RunningProcess StartDotnet(string name, string dll, params string[] args) =>
        Start(name, "dotnet", Path.GetDirectoryName(dll)!, [dll, .. args]);

    public static RunningProcess Start(string name, string program, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var running = new RunningProcess(process, name);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_gate) _output.AppendLine(line);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:F0} s. Output:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs (power cut).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, then SIGKILL of the whole tree after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        Posix.Kill(_process.Id, 15);
        using var cts = new CancellationTokenSource(grace);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(TimeSpan.FromSeconds(10)); }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
