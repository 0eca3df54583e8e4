using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CheckpointIoT.Technician.Device;
using Spectre.Console;

namespace CheckpointIoT.Technician.Cli;

/// <summary>
/// checkpoint-tech: verbs <c>provision</c>, <c>info</c>, <c>factory-reset</c>. Exit codes: 0 ok, 1 device or
/// gateway error, 2 usage (bad or missing option; the message names it).
/// </summary>
public static class TechnicianCli
{
    public const int Ok = 0;

    public static async Task<int> RunAsync(string[] args)
    {
        // Piped or captured output (scripts, tests) gets plain text: no colours, no cursor moves.
        if (Console.IsOutputRedirected)
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        var root = new RootCommand("checkpoint-tech: provision CheckpointIoT door nodes over USB serial (Improv) and register them with the gateway.")
        {
            ProvisionVerb.Create(),
            InfoVerb.Create(),
            FactoryResetVerb.Create(),
        };
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine("error: " + error.Message);
            Console.Error.WriteLine("see checkpoint-tech --help (or checkpoint-tech <verb> --help)");
            return TechnicianException.Usage;
        }
        return await parsed.InvokeAsync();
    }

    /// <summary>--port: the node's serial device.</summary>
    public static Option<string> PortOption() => new("--port", "-p")
    {
        Description = "the node's serial device: /dev/ttyUSB0, /dev/ttyACM0 (Linux), /dev/cu.usbserial-* (macOS), or a socat pty",
        Required = true,
        HelpName = "tty",
    };

    public static Option<int> BaudOption() => new("--baud")
    {
        Description = "serial speed (Improv serial: 115200 8N1)",
        DefaultValueFactory = _ => 115200,
        HelpName = "rate",
    };

    public static Option<TimeSpan> TimeoutOption() => new("--timeout")
    {
        Description = "how long to wait for the node (and each answer): 30s, 2m, 1500ms or plain seconds",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = ParseDuration,
        HelpName = "duration",
    };

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        double factor = 1000;
        string number = text;
        if (text.EndsWith("ms", StringComparison.Ordinal)) { factor = 1; number = text[..^2]; }
        else if (text.EndsWith('s')) { number = text[..^1]; }
        else if (text.EndsWith('m')) { factor = 60_000; number = text[..^1]; }
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value <= 0 || value * factor > 3_600_000)
        {
            result.AddError($"--timeout: expected a duration such as 30s, 2m or 1500ms (at most 1 h), got '{text}'");
            return TimeSpan.Zero;
        }
        return TimeSpan.FromMilliseconds(value * factor);
    }

    /// <summary>Opens the port; a failure names --port.</summary>
    public static ImprovClient Open(string port, int baud)
    {
        if (baud < 300 || baud > 4_000_000) throw TechnicianException.UsageError($"--baud: expected 300-4000000, got {baud}");
        try
        {
            return new ImprovClient(port, baud);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string hint = ex is UnauthorizedAccessException ? " (add yourself to the dialout group: sudo usermod -aG dialout $USER)" : "";
            throw TechnicianException.Fail($"--port: cannot open {port}: {ex.Message}{hint}");
        }
    }

    /// <summary>Runs a verb body: maps failures to one line on stderr and the exit code.</summary>
    public static async Task<int> GuardAsync(Func<Task> body)
    {
        try
        {
            await body();
            return Ok;
        }
        catch (TechnicianException ex)
        {
            WriteError(ex.Message);
            return ex.ExitCode;
        }
        catch (ImprovDeviceException ex)
        {
            WriteError("node: " + ex.Message);
            return TechnicianException.Failure;
        }
        catch (TimeoutException ex)
        {
            WriteError("node: " + ex.Message);
            return TechnicianException.Failure;
        }
        catch (DeviceGoneException ex)
        {
            WriteError("--port: " + ex.Message);
            return TechnicianException.Failure;
        }
        catch (OperationCanceledException)
        {
            WriteError("cancelled");
            return TechnicianException.Failure;
        }
    }

    private static void WriteError(string message)
    {
        Console.Out.Flush();
        Console.Error.WriteLine("error: " + message);
    }

    /// <summary>Runs one step under a status spinner and prints it with its duration.</summary>
    public static async Task<T> StepAsync<T>(string title, Func<Task<T>> step)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        T result;
        try
        {
            result = await AnsiConsole.Status().StartAsync(title + "...", _ => step());
        }
        catch
        {
            AnsiConsole.MarkupLine($"[red]x[/] {Markup.Escape(title)} [grey]({watch.Elapsed.TotalSeconds:0.00} s)[/]");
            throw;
        }
        AnsiConsole.MarkupLine($"[green]ok[/] {Markup.Escape(title)} [grey]({watch.Elapsed.TotalSeconds:0.00} s)[/]");
        return result;
    }
}
