using CheckpointIoT.Gateway.Configuration;

namespace CheckpointIoT.Gateway.Hosting;

/// <summary>Process entry: --help, one-line configuration errors (exit 2), start-up failures (exit 1).</summary>
public static class GatewayProgram
{
    public const int ExitOk = 0;
    public const int ExitStartFailed = 1;
    public const int ExitBadConfig = 2;

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "tls-init")
        {
            return TlsInitCommand.Run(args[1..], Console.Out, Console.Error);
        }

        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.Out.Write(GatewayDefaults.HelpText());
            return ExitOk;
        }

        WebApplication app;
        try
        {
            app = GatewayApp.Build(args);
        }
        catch (Exception ex) when (ConfigError(ex) is { } message)
        {
            Console.Error.WriteLine("checkpoint-gateway: invalid configuration: " + message);
            return ExitBadConfig;
        }

        try
        {
            app.Run();
            return ExitOk;
        }
        catch (Exception ex) when (ConfigError(ex) is { } message)
        {
            Console.Error.WriteLine("checkpoint-gateway: invalid configuration: " + message);
            return ExitBadConfig;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("checkpoint-gateway: start-up failed: " + ex.Message.Split('\n')[0]);
            return ExitStartFailed;
        }
    }

    /// <summary>The one-line message of a configuration error, or null when <paramref name="ex"/> is not one.</summary>
    internal static string? ConfigError(Exception ex) => ex switch
    {
        GatewayConfigException g => g.Message,
        ArgumentException a when a.ParamName?.StartsWith("Gateway:", StringComparison.Ordinal) == true => a.Message.Split(" (Parameter")[0],
        InvalidOperationException i when i.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => i.Message + (i.InnerException is { } inner ? " " + inner.Message : string.Empty),
        _ => null,
    };
}
