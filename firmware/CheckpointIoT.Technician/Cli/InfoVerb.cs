using System.CommandLine;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Technician.Device;
using Spectre.Console;

namespace CheckpointIoT.Technician.Cli;

/// <summary><c>info</c>: Improv state, device info and the node's config (the node never sends secrets: passwords show as set/empty).</summary>
public static class InfoVerb
{
    public static Command Create()
    {
        var port = TechnicianCli.PortOption();
        var baud = TechnicianCli.BaudOption();
        var timeout = TechnicianCli.TimeoutOption();
        var command = new Command("info", "Show a node's Improv state, firmware and config (no secrets) over the serial link.") { port, baud, timeout };
        command.SetAction((result, ct) => TechnicianCli.GuardAsync(async () =>
        {
            var t = result.GetValue(timeout);
            using var client = TechnicianCli.Open(result.GetValue(port)!, result.GetValue(baud));
            var state = await TechnicianCli.StepAsync("Connecting to the node", () => client.ConnectAsync(t, ct));
            var info = DeviceInfo.FromResult(await client.RequestAsync(ImprovCommand.GetDeviceInfo, [], t, ct));
            NodeConfigView? config = null;
            try
            {
                config = NodeConfigView.FromResult(await client.RequestAsync(ImprovCommand.GetNodeConfig, [], t, ct));
            }
            catch (ImprovDeviceException ex) when (ex.Error == ImprovError.UnknownRpc)
            {
                AnsiConsole.MarkupLine("[yellow]the firmware does not know the CheckpointIoT commands (a plain Improv device)[/]");
            }
            var table = new Table().AddColumn("field").AddColumn("value");
            table.AddRow("improv state", state.ToString());
            table.AddRow("firmware", Markup.Escape($"{info.Firmware} {info.Version}"));
            table.AddRow("chip", Markup.Escape(info.Chip));
            table.AddRow("device name", Markup.Escape(info.Name));
            if (config != null)
            {
                table.AddRow("node id", Markup.Escape(config.NodeId));
                table.AddRow("checkpoint", Markup.Escape(Or(config.CheckpointId)));
                table.AddRow("direction", Markup.Escape(config.Direction));
                table.AddRow("broker", Markup.Escape(Or(config.BrokerHost) + ":" + config.BrokerPort) + (config.UseTls ? " (TLS)" : ""));
                table.AddRow("mqtt username", Markup.Escape(Or(config.MqttUsername)));
                table.AddRow("mqtt password", config.PasswordSet ? "set" : "empty");
                table.AddRow("ca certificate", config.CaBytes == 0 ? "none" : config.CaBytes + " bytes");
            }
            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static string Or(string value) => value.Length == 0 ? "(not set)" : value;
}
