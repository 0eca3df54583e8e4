using System.Globalization;
using System.Text.RegularExpressions;
using CheckpointIoT.Technician.Tests.Harness;
using Xunit.Abstractions;

namespace CheckpointIoT.Technician.Tests;

/// <summary>checkpoint-tech against the host runtime in provisioning mode over a socat pty pair, and a real gateway.</summary>
[Collection(TechnicianCollection.Name)]
public sealed partial class ProvisionTests(GatewayFixture gateway, ITestOutputHelper output)
{
    private const string WifiSecret = "wifi-secret-4711";

    private string[] ProvisionArgs(ProvisioningNode node, string checkpoint, string direction, params string[] extra) =>
    [
        "provision", "--port", node.Port, "--checkpoint", checkpoint, "--direction", direction,
        "--gateway", gateway.Url, "--admin-token-file", gateway.AdminTokenFile, "--timeout", "20s", .. extra,
    ];

    [Fact]
    public async Task Provision_FreshNode_ConfigHoldsEnrolledCredentialsAndNoSecretIsPrinted()
    {
        await using var node = await ProvisioningNode.StartAsync();

        var (code, text) = await node.RunTechAsync(ProvisionArgs(node, "cp-market-01", "out", "--wifi-ssid", "CHECKPOINT", "--wifi-password", WifiSecret));

        Assert.True(code == 0, text + "\n--- node ---\n" + node.Node.Output);
        var config = node.ReadConfig();
        string nodeId = config["node_id"];
        Assert.Matches("^n-[0-9a-f]{6}$", nodeId);
        Assert.Equal("cp-market-01", config["checkpoint_id"]);
        Assert.Equal("out", config["direction"]);
        Assert.Equal("127.0.0.1", config["broker_host"]);
        Assert.Equal(gateway.BrokerPort.ToString(CultureInfo.InvariantCulture), config["broker_port"]);
        Assert.Equal(nodeId, config["mqtt_username"]);
        Assert.Equal("CHECKPOINT", config["wifi_ssid"]);
        Assert.Equal(WifiSecret, config["wifi_password"]);
        string password = config["mqtt_password"];
        Assert.True(password.Length >= 8);
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain(WifiSecret, text);
        Assert.DoesNotContain(password, node.Node.Output);
        Assert.DoesNotContain(WifiSecret, node.Node.Output);
        Assert.Contains("set (not shown)", text);
 output.WriteLine(text);
        output.WriteLine("provisioning over the pty: " + Elapsed(text) + " s (CLI total, without process start)");
    }

    [Fact]
    public async Task Provision_WithCaFile_SendsTheCaInChunksAndTurnsTlsOn()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var random = new Random(42);
        var body = new byte[1500];
        random.NextBytes(body);
        string base64 = Convert.ToBase64String(body);
        var pem = new System.Text.StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (int i = 0; i < base64.Length; i += 64) pem.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        pem.Append("-----END CERTIFICATE-----\n");
        string caFile = Path.Combine(node.Directory, "site-ca.pem");
        File.WriteAllText(caFile, pem.ToString());

        var (code, text) = await node.RunTechAsync(ProvisionArgs(node, "cp-tls-1", "in", "--ca-file", caFile));

        Assert.True(code == 0, text + "\n--- node ---\n" + node.Node.Output);
        Assert.Equal("true", node.ReadConfig()["use_tls"]);
        Assert.Equal(gateway.TlsPort.ToString(CultureInfo.InvariantCulture), node.ReadConfig()["broker_port"]);
        Assert.Equal(pem.ToString(), File.ReadAllText(Path.Combine(Path.GetDirectoryName(node.ConfigPath)!, "ca.pem")));
        Assert.Contains("chunks", text);
    }

    [Fact]
    public async Task Provision_AlreadyEnrolled_NeedsRotateAndRotationIssuesNewCredentials()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var first = await node.RunTechAsync(ProvisionArgs(node, "cp-gate-2", "in"));
        Assert.True(first.ExitCode == 0, first.Output);
        string firstPassword = node.ReadConfig()["mqtt_password"];

        var refused = await node.RunTechAsync(ProvisionArgs(node, "cp-gate-3", "out"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--rotate", refused.Output);
        Assert.Equal("cp-gate-2", node.ReadConfig()["checkpoint_id"]);

        var rotated = await node.RunTechAsync(ProvisionArgs(node, "cp-gate-3", "out", "--rotate"));
        Assert.True(rotated.ExitCode == 0, rotated.Output + "\n--- node ---\n" + node.Node.Output);
        var config = node.ReadConfig();
        Assert.Equal("cp-gate-3", config["checkpoint_id"]);
        Assert.Equal("out", config["direction"]);
        Assert.NotEqual(firstPassword, config["mqtt_password"]);
        Assert.Contains("credentials rotated", rotated.Output);
        Assert.DoesNotContain(config["mqtt_password"], rotated.Output);
    }

    [Fact]
    public async Task Provision_InvalidDirection_IsRefusedNamingTheOptionAndNothingIsWritten()
    {
        await using var node = await ProvisioningNode.StartAsync();

        var (code, text) = await node.RunTechAsync(ProvisionArgs(node, "cp-market-01", "sideways"));

        Assert.Equal(2, code);
        Assert.Contains("--direction: must be in or out", text);
        Assert.False(File.Exists(node.ConfigPath));
    }

    [Fact]
    public async Task Provision_InvalidCheckpoint_IsRefusedNamingTheOptionAndTheNodeKey()
    {
        await using var node = await ProvisioningNode.StartAsync();

        var (code, text) = await node.RunTechAsync(ProvisionArgs(node, "cp market", "in"));

        Assert.Equal(2, code);
        Assert.Contains("--checkpoint: checkpoint_id:", text);
        Assert.False(File.Exists(node.ConfigPath));
    }

    [Fact]
    public async Task Provision_MissingSerialDevice_FailsNamingThePort()
    {
        await using var node = await ProvisioningNode.StartAsync();
        string missing = Path.Combine(node.Directory, "no-such-tty");

        var (code, text) = await node.RunTechAsync(
            "provision", "--port", missing, "--checkpoint", "cp-1", "--direction", "in", "--gateway", gateway.Url, "--admin-token-file", gateway.AdminTokenFile);

        Assert.Equal(1, code);
        Assert.Contains("--port: cannot open " + missing, text);
    }

    [Fact]
    public async Task FactoryReset_AfterProvisioning_RemovesTheConfigOnlyWithYes()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var provisioned = await node.RunTechAsync(ProvisionArgs(node, "cp-market-01", "in"));
        Assert.True(provisioned.ExitCode == 0, provisioned.Output);
        Assert.True(File.Exists(node.ConfigPath));

        var unconfirmed = await node.RunTechAsync("factory-reset", "--port", node.Port);
        Assert.Equal(2, unconfirmed.ExitCode);
        Assert.Contains("--yes", unconfirmed.Output);
        Assert.True(File.Exists(node.ConfigPath));

        var reset = await node.RunTechAsync("factory-reset", "--port", node.Port, "--yes", "--timeout", "20s");
        Assert.True(reset.ExitCode == 0, reset.Output);
        Assert.False(File.Exists(node.ConfigPath));
    }

    [Fact]
    public async Task Info_AfterProvisioning_ShowsTheConfigWithoutSecrets()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var provisioned = await node.RunTechAsync(ProvisionArgs(node, "cp-info-1", "out", "--wifi-ssid", "SITE", "--wifi-password", WifiSecret));
        Assert.True(provisioned.ExitCode == 0, provisioned.Output);
        var config = node.ReadConfig();

        var (code, text) = await node.RunTechAsync("info", "--port", node.Port, "--timeout", "20s");
        output.WriteLine(provisioned.Output + text);

        Assert.True(code == 0, text);
        Assert.Contains("cp-info-1", text);
        Assert.Contains(config["node_id"], text);
        Assert.Matches(@"mqtt password\s*│\s*set", text);
        Assert.DoesNotContain(config["mqtt_password"], text);
        Assert.DoesNotContain(WifiSecret, text);
    }

    [Fact]
    public async Task ProvisionedNode_RunFromConfigFile_ConnectsAndGetsVerdicts()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var provisioned = await node.RunTechAsync(ProvisionArgs(node, "cp-run-1", "in"));
        Assert.True(provisioned.ExitCode == 0, provisioned.Output);

        var run = node.Track(RunningProcess.StartDotnet("node-run", Repo.NodeSimulator,
            "--config-file", node.ConfigPath, "--data-dir", Path.Combine(node.Directory, "run"),
            "--count", "2", "--rate", "2", "--exit-when-done", "--timeout", "60"));
        int code = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 0, run.Output + "\n--- gateway ---\n" + gateway.Output);
        Assert.Contains("verdicts=2", run.Output);
        Assert.DoesNotContain(node.ReadConfig()["mqtt_password"], run.Output);
    }

    [Fact]
    public async Task ProvisionedWithTls_FetchesTheGatewayCa_NodeChecksInOverTls()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var provisioned = await node.RunTechAsync(ProvisionArgs(node, "cp-tls-run", "in", "--tls"));
        Assert.True(provisioned.ExitCode == 0, provisioned.Output);
        Assert.Contains("(TLS)", provisioned.Output);
        Assert.Equal(File.ReadAllText(gateway.CaFile), File.ReadAllText(Path.Combine(Path.GetDirectoryName(node.ConfigPath)!, "ca.pem")));

        var run = node.Track(RunningProcess.StartDotnet("node-run-tls", Repo.NodeSimulator,
            "--config-file", node.ConfigPath, "--data-dir", Path.Combine(node.Directory, "run"),
            "--count", "2", "--rate", "2", "--exit-when-done", "--timeout", "60"));
        int code = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 0, run.Output + "\n--- gateway ---\n" + gateway.Output);
        Assert.Contains($"{gateway.TlsPort} (TLS)", run.Output);
        Assert.Contains("verdicts=2", run.Output);
    }

    [Fact]
    public async Task ProvisionedForTls_WithoutItsCaFile_RefusesToRunNamingTheFile()
    {
        await using var node = await ProvisioningNode.StartAsync();
        var provisioned = await node.RunTechAsync(ProvisionArgs(node, "cp-tls-noca", "in", "--ca-file", gateway.CaFile));
        Assert.True(provisioned.ExitCode == 0, provisioned.Output);
        File.Delete(Path.Combine(Path.GetDirectoryName(node.ConfigPath)!, "ca.pem"));

        var run = node.Track(RunningProcess.StartDotnet("node-run-noca", Repo.NodeSimulator,
            "--config-file", node.ConfigPath, "--data-dir", Path.Combine(node.Directory, "run"), "--count", "1", "--exit-when-done"));
        int code = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains("ca.pem is missing", run.Output);
    }

    [Fact]
    public async Task Provision_TlsAndCaFileTogether_IsAUsageError()
    {
        await using var node = await ProvisioningNode.StartAsync();

        var (code, text) = await node.RunTechAsync(ProvisionArgs(node, "cp-tls-both", "in", "--tls", "--ca-file", gateway.CaFile));

        Assert.Equal(2, code);
        Assert.Contains("--tls/--ca-file", text);
        Assert.False(File.Exists(node.ConfigPath));
    }

    private static string Elapsed(string text)
    {
        var match = ElapsedPattern().Match(text);
        return match.Success ? match.Groups[1].Value : "?";
    }

    [GeneratedRegex(@"provisioned \S+ in ([0-9.]+) s")]
    private static partial Regex ElapsedPattern();
}
