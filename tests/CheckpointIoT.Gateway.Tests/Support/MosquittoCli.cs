using System.Diagnostics;
using System.Text;

namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>
/// Debian's mosquitto_pub / mosquitto_sub (libmosquitto, MQTT 3.1.1) as independent client processes against the
/// embedded broker: output collected line by line, always run with a timeout, killed on dispose.
/// </summary>
public sealed class MosquittoCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _line = new(0);

    private MosquittoCli(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Connection options for <paramref name="user"/> (client id = user unless given; no credentials for null).</summary>
    public static string[] Login(int port, string? user, string? password, string? clientId = null)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv311" };
        var id = clientId ?? user;
        if (id is not null)
        {
            args.AddRange(["-i", id]);
        }

        if (user is not null)
        {
            args.AddRange(["-u", user, "-P", password ?? string.Empty]);
        }

        return [.. args];
    }

    public static MosquittoCli Start(string tool, params string[] args)
    {
        // Line-buffered through coreutils' stdbuf: into a pipe the tools' stdio would hold lines back.
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-oL");
        start.ArgumentList.Add("-eL");
        start.ArgumentList.Add(tool);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return new MosquittoCli(Process.Start(start) ?? throw new InvalidOperationException(tool + " did not start"));
    }

    /// <summary>Runs a tool to its end (killed after <paramref name="timeout"/>); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string tool, params string[] args)
    {
        await using var cli = Start(tool, args);
        var code = await cli.WaitForExitAsync(timeout);
        Assert.True(code is not null, $"{tool} did not finish within {timeout}: {cli.Output}");
        return (code!.Value, cli.Output);
    }

    /// <summary>The exit code, or null when the process still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // flush the output events
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            try
            {
                await _line.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' did not appear; output so far:\n{Output}");
            }
        }
    }

    /// <summary>SIGKILL: the TCP connection ends without an MQTT DISCONNECT (a node losing power).</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }

        _line.Release();
    }
}
