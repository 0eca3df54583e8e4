using System.CommandLine;
using System.Diagnostics;
using System.Text;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Technician.Device;
using CheckpointIoT.Technician.Gateway;
using Spectre.Console;

namespace CheckpointIoT.Technician.Cli;

/// <summary>
/// <c>provision</c>: Wi-Fi through standard Improv, then registration with the gateway (which creates the MQTT
/// credentials) and identity, broker, credentials and CA through the CheckpointIoT commands, then ApplyConfig.
/// </summary>
public static class ProvisionVerb
{
    public const int CaChunkBytes = 200;
    public const int MaxCaBytes = 8192;

    public static Command Create()
    {
        var port = TechnicianCli.PortOption();
        var checkpoint = new Option<string>("--checkpoint") { Description = "checkpoint id the node belongs to (1-64 of A-Z a-z 0-9 - _ .), e.g. cp-market-01", Required = true, HelpName = "id" };
        var direction = new Option<string>("--direction") { Description = "door direction: in or out", Required = true, HelpName = "in|out" };
        var gateway = new Option<string>("--gateway") { Description = "the gateway's HTTP address, e.g. http://192.168.50.1:8080", Required = true, HelpName = "url" };
        var tokenFile = new Option<string>("--admin-token-file") { Description = "the gateway's admin token file (<gateway data directory>/admin.token)", Required = true, HelpName = "path" };
        var nodeId = new Option<string?>("--node-id") { Description = "node id (default: ask the device: its current node id, n- + last 3 MAC bytes on a fresh ESP32)", HelpName = "id" };
        var ssid = new Option<string?>("--wifi-ssid") { Description = "Wi-Fi network the node joins (sent with Improv; default: keep the node's Wi-Fi)", HelpName = "ssid" };
        var wifiPassword = new Option<string?>("--wifi-password") { Description = "Wi-Fi password (asked for when omitted on a terminal; \"\" for an open network). Never echoed by the node", HelpName = "password" };
        var caFile = new Option<string?>("--ca-file") { Description = "PEM CA certificate of the broker; turns TLS on (use_tls=true)", HelpName = "pem" };
        var tls = new Option<bool>("--tls") { Description = "turn TLS on with the gateway's own CA, fetched from the gateway (checkpoint-gateway tls-init); instead of --ca-file" };
        var brokerHost = new Option<string?>("--broker-host") { Description = "broker address the node uses (default: the one the gateway returns)", HelpName = "host" };
        var rotate = new Option<bool>("--rotate") { Description = "re-provisioning: the node is already registered, issue new MQTT credentials (the old password stops working)" };
        var baud = TechnicianCli.BaudOption();
        var timeout = TechnicianCli.TimeoutOption();

        var command = new Command("provision", "Provision a node in provisioning mode: Wi-Fi (Improv), gateway registration, identity, broker, MQTT credentials, CA; the node validates, saves and restarts.")
        {
            port, checkpoint, direction, gateway, tokenFile, nodeId, ssid, wifiPassword, caFile, tls, brokerHost, rotate, baud, timeout,
        };
        command.SetAction((result, ct) => TechnicianCli.GuardAsync(() => RunAsync(new Request
        {
            Port = result.GetValue(port)!,
            Checkpoint = result.GetValue(checkpoint)!,
            Direction = result.GetValue(direction)!,
            Gateway = result.GetValue(gateway)!,
            AdminTokenFile = result.GetValue(tokenFile)!,
            NodeId = result.GetValue(nodeId),
            WifiSsid = result.GetValue(ssid),
            WifiPassword = result.GetValue(wifiPassword),
            CaFile = result.GetValue(caFile),
            Tls = result.GetValue(tls),
            BrokerHost = result.GetValue(brokerHost),
            Rotate = result.GetValue(rotate),
            Baud = result.GetValue(baud),
            Timeout = result.GetValue(timeout),
        }, ct)));
        return command;
    }

    public sealed class Request
    {
        public required string Port { get; init; }
        public required string Checkpoint { get; init; }
        public required string Direction { get; init; }
        public required string Gateway { get; init; }
        public required string AdminTokenFile { get; init; }
        public string? NodeId { get; init; }
        public string? WifiSsid { get; init; }
        public string? WifiPassword { get; set; }
        public string? CaFile { get; init; }
        public bool Tls { get; init; }
        public string? BrokerHost { get; init; }
        public bool Rotate { get; init; }
        public int Baud { get; init; }
        public TimeSpan Timeout { get; init; }
    }

    private static async Task RunAsync(Request r, CancellationToken ct)
    {
        // Usage checks first (exit 2), with the node's own validation rules, before touching the device or the gateway.
        if (r.Direction != "in" && r.Direction != "out") throw TechnicianException.UsageError($"--direction: must be in or out, got '{r.Direction}'");
        CheckDraft(r, r.NodeId ?? "n-000000");
        if (!Uri.TryCreate(r.Gateway.EndsWith('/') ? r.Gateway : r.Gateway + "/", UriKind.Absolute, out var gatewayUri) || (gatewayUri.Scheme != "http" && gatewayUri.Scheme != "https"))
            throw TechnicianException.UsageError($"--gateway: not an http(s) URL: '{r.Gateway}'");
        if (!File.Exists(r.AdminTokenFile)) throw TechnicianException.UsageError($"--admin-token-file: {r.AdminTokenFile} not found (the gateway writes it into its data directory at first start)");
        string adminToken = File.ReadAllText(r.AdminTokenFile).Trim();
        if (adminToken.Length == 0) throw TechnicianException.UsageError($"--admin-token-file: {r.AdminTokenFile} is empty");
        if (r.Tls && r.CaFile != null) throw TechnicianException.UsageError("--tls/--ca-file: give one (--tls fetches the gateway's own CA)");
        byte[]? ca = r.CaFile == null ? null : ReadCa(r.CaFile);
        if (r.WifiSsid != null && r.WifiPassword == null)
        {
            if (Console.IsInputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
                throw TechnicianException.UsageError("--wifi-password: required with --wifi-ssid when not on a terminal (\"\" for an open network)");
            r.WifiPassword = AnsiConsole.Prompt(new TextPrompt<string>($"Wi-Fi password for '{Markup.Escape(r.WifiSsid)}':").Secret().AllowEmpty());
            CheckDraft(r, r.NodeId ?? "n-000000");
        }

        var total = Stopwatch.StartNew();
        if (r.Tls)
        {
            using var caClient = new GatewayClient(gatewayUri, adminToken, TimeSpan.FromSeconds(Math.Max(15, r.Timeout.TotalSeconds)));
            byte[] fetched = await TechnicianCli.StepAsync("Fetching the gateway's CA certificate", () => caClient.GetTlsCaAsync(ct));
            ca = CheckCa(fetched, "--tls: the gateway's CA");
        }

        using var client = TechnicianCli.Open(r.Port, r.Baud);
        var state = await TechnicianCli.StepAsync($"Connecting to the node on {r.Port}", () => client.ConnectAsync(r.Timeout, ct));
        var info = DeviceInfo.FromResult(await TechnicianCli.StepAsync("Reading device info", () => client.RequestAsync(ImprovCommand.GetDeviceInfo, [], r.Timeout, ct)));
        var current = NodeConfigView.FromResult(await TechnicianCli.StepAsync("Reading the node's config", () => client.RequestAsync(ImprovCommand.GetNodeConfig, [], r.Timeout, ct)));
        string nodeId = r.NodeId ?? (current.NodeId.Length > 0 ? current.NodeId : info.Name);
        CheckDraft(r, nodeId);
        AnsiConsole.MarkupLine($"   node [bold]{Markup.Escape(nodeId)}[/], firmware {Markup.Escape(info.Firmware)} {Markup.Escape(info.Version)} on {Markup.Escape(info.Chip)}, Improv state {state}{(current.LooksProvisioned ? ", already provisioned (re-provisioning)" : "")}");

        if (r.WifiSsid != null)
        {
            try
            {
                await TechnicianCli.StepAsync($"Sending Wi-Fi settings for '{r.WifiSsid}' (the node joins once)",
                    () => client.RequestAsync(ImprovCommand.WifiSettings, [r.WifiSsid, r.WifiPassword ?? ""], r.Timeout, ct));
            }
            catch (ImprovDeviceException ex) when (ex.Error == ImprovError.UnableToConnect)
            {
                throw TechnicianException.Fail($"--wifi-ssid: the node could not join '{r.WifiSsid}' (check the password, 2.4 GHz, WPA2)");
            }
            catch (ImprovDeviceException ex) when (ex.Error == ImprovError.InvalidRpc)
            {
                throw TechnicianException.Fail("--wifi-ssid/--wifi-password: the node rejected them (ssid 1-32 bytes, password at most 64)");
            }
        }

        Enrolment enrolment;
        using (var gatewayClient = new GatewayClient(gatewayUri, adminToken, TimeSpan.FromSeconds(Math.Max(15, r.Timeout.TotalSeconds))))
        {
            enrolment = await TechnicianCli.StepAsync($"Registering {nodeId} with the gateway{(r.Rotate ? " (rotating its credentials)" : "")}",
                () => gatewayClient.EnrolAsync(nodeId, r.Checkpoint, r.Direction, r.Rotate, ct));
        }
        string broker = r.BrokerHost ?? enrolment.BrokerHost;
        bool tls = ca != null;
        int port = enrolment.BrokerPort;
        if (tls)
        {
            // The CA only helps on the broker's TLS listener; the plain port would fail every handshake on the node.
            port = enrolment.BrokerTlsPort ?? throw TechnicianException.Fail(
                "--ca-file: the gateway has no TLS listener for nodes; run 'checkpoint-gateway tls-init' there and set the Gateway:Broker:Tls* settings it prints (the node is registered but was not configured)");
        }

        await Send(client, "Sending node identity", ImprovCommand.SetNodeIdentity, [nodeId, r.Checkpoint, r.Direction], "--node-id/--checkpoint/--direction", r, ct);
        await Send(client, $"Sending broker address {broker}:{port}{(tls ? " (TLS)" : "")}", ImprovCommand.SetBroker, [broker, port.ToString(System.Globalization.CultureInfo.InvariantCulture), tls ? "1" : "0"], "--broker-host (broker address)", r, ct);
        await Send(client, $"Sending MQTT credentials for {enrolment.Username}", ImprovCommand.SetMqttCredentials, [enrolment.Username, enrolment.Password], "MQTT credentials", r, ct);
        if (ca != null)
        {
            int count = (ca.Length + CaChunkBytes - 1) / CaChunkBytes;
            await TechnicianCli.StepAsync($"Sending the CA certificate ({ca.Length} bytes, {count} chunks)", async () =>
            {
                for (int i = 0; i < count; i++)
                {
                    int offset = i * CaChunkBytes;
                    byte[] packet = ImprovRpc.BuildCaChunk(i, count, ca, offset, Math.Min(CaChunkBytes, ca.Length - offset));
                    await client.RequestPacketAsync(ImprovCommand.CaCertificateChunk, packet, r.Timeout, ct);
                }
                return count;
            });
        }
        var applied = await TechnicianCli.StepAsync("Applying the config (the node validates and saves it)",
            () => client.RequestAsync(ImprovCommand.ApplyConfig, [], r.Timeout, ct));
        if (applied.Length < 1 || applied[0] != "ok")
        {
            string problem = applied.Length > 1 ? applied[1] : "no reason given";
            throw TechnicianException.Fail($"node refused the config: {problem}{OptionHint(problem)}");
        }
        total.Stop();

        var table = new Table().AddColumn("setting").AddColumn("value");
        table.AddRow("node", Markup.Escape(nodeId));
        table.AddRow("checkpoint", Markup.Escape(r.Checkpoint));
        table.AddRow("direction", r.Direction);
        table.AddRow("broker", Markup.Escape($"{broker}:{enrolment.BrokerPort}") + (tls ? " (TLS)" : ""));
        table.AddRow("mqtt username", Markup.Escape(enrolment.Username));
        table.AddRow("mqtt password", "set (not shown)");
        table.AddRow("wi-fi", r.WifiSsid == null ? "unchanged" : Markup.Escape(r.WifiSsid) + (string.IsNullOrEmpty(r.WifiPassword) ? " (open)" : " (password set, not shown)"));
        table.AddRow("ca certificate", ca == null ? "none" : ca.Length + " bytes");
        table.AddRow("gateway", enrolment.Rotated ? "credentials rotated" : "registered");
        table.AddRow("elapsed", $"{total.Elapsed.TotalSeconds:0.00} s");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[green]provisioned[/] {Markup.Escape(nodeId)} in {total.Elapsed.TotalSeconds:0.00} s; the node restarts into normal mode.");
    }

    private static async Task Send(ImprovClient client, string title, int command, string[] fields, string what, Request r, CancellationToken ct)
    {
        try
        {
            await TechnicianCli.StepAsync(title, () => client.RequestAsync(command, fields, r.Timeout, ct));
        }
        catch (ImprovDeviceException ex) when (ex.Error == ImprovError.InvalidRpc)
        {
            throw TechnicianException.Fail($"{what}: the node rejected the value ({ImprovCommand.Name(command)})");
        }
    }

    /// <summary>Checks the values this command sets with the node's own rules (NodeConfig.Validate); the error names the option and the key.</summary>
    private static void CheckDraft(Request r, string nodeId)
    {
        var draft = new NodeConfig
        {
            NodeId = nodeId,
            CheckpointId = r.Checkpoint,
            Direction = r.Direction == "out" ? CheckpointIoT.Node.Core.Wire.DoorDirection.Out : CheckpointIoT.Node.Core.Wire.DoorDirection.In,
            BrokerHost = r.BrokerHost ?? "gateway",
            MqttUsername = nodeId,
            MqttPassword = "placeholder",
            WifiSsid = r.WifiSsid,
            WifiPassword = r.WifiPassword,
        };
        string? error = draft.Validate();
        if (error != null) throw TechnicianException.UsageError(OptionFor(error) + ": " + error);
    }

    private static string OptionFor(string error)
    {
        string key = error.Split(':')[0];
        return key switch
        {
            "node_id" => "--node-id",
            "checkpoint_id" => "--checkpoint",
            "direction" => "--direction",
            "broker_host" => "--broker-host",
            "wifi_ssid" => "--wifi-ssid",
            "wifi_password" => "--wifi-password",
            _ => key,
        };
    }

    private static string OptionHint(string problem)
    {
        string option = OptionFor(problem);
        return option.StartsWith("--", StringComparison.Ordinal) ? $" (option {option})" : "";
    }

    private static byte[] ReadCa(string path)
    {
        if (!File.Exists(path)) throw TechnicianException.UsageError($"--ca-file: {path} not found");
        return CheckCa(File.ReadAllBytes(path), "--ca-file: " + path);
    }

    private static byte[] CheckCa(byte[] bytes, string what)
    {
        if (bytes.Length > MaxCaBytes) throw TechnicianException.UsageError($"{what}: {bytes.Length} bytes, the node takes at most {MaxCaBytes}");
        if (!Encoding.UTF8.GetString(bytes).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            throw TechnicianException.UsageError($"{what} is not a PEM certificate (no BEGIN CERTIFICATE line)");
        return bytes;
    }
}
