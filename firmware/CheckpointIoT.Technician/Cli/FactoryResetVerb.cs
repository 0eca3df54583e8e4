using System.CommandLine;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using Spectre.Console;

namespace CheckpointIoT.Technician.Cli;

/// <summary><c>factory-reset</c>: erases node.cfg, ca.pem and the offline queue; the node restarts unprovisioned.</summary>
public static class FactoryResetVerb
{
    public static Command Create()
    {
        var port = TechnicianCli.PortOption();
        var yes = new Option<bool>("--yes", "-y") { Description = "confirm: erase node.cfg, ca.pem and the offline queue (queued check-ins not yet sent are lost)" };
        var baud = TechnicianCli.BaudOption();
        var timeout = TechnicianCli.TimeoutOption();
        var command = new Command("factory-reset", "Erase a node's config (node.cfg, ca.pem) and offline queue over the serial link; it restarts unprovisioned. The gateway registration is kept (disable it there).")
        {
            port, yes, baud, timeout,
        };
        command.SetAction((result, ct) => TechnicianCli.GuardAsync(async () =>
        {
            if (!result.GetValue(yes)) throw TechnicianException.UsageError("--yes: required to confirm the factory reset (it erases node.cfg, ca.pem and the offline queue)");
            var t = result.GetValue(timeout);
            using var client = TechnicianCli.Open(result.GetValue(port)!, result.GetValue(baud));
            await TechnicianCli.StepAsync("Connecting to the node", () => client.ConnectAsync(t, ct));
            await TechnicianCli.StepAsync("Factory reset", () => client.RequestAsync(ImprovCommand.FactoryReset, [ImprovCommand.FactoryResetConfirmation], t, ct));
            AnsiConsole.MarkupLine("[green]factory reset done[/]: the node restarts in provisioning mode.");
        }));
        return command;
    }
}
