using System.Text;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Broker.External;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Hosting;
using CheckpointIoT.Gateway.Tests.Broker.External.Fakes;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CheckpointIoT.Gateway.Tests.Broker.External;

/// <summary>
/// ExternalBroker against a real mosquitto set up as README.md tells a site to: a mosquitto_passwd password file with the
/// gateway's account and two nodes, and the ACL BrokerAccessRules.RenderAcl() renders. Nodes are independent clients
/// (raw MQTTnet clients and the mosquitto_pub / mosquitto_sub programs).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExternalBrokerTests
{
    private const string GatewayPassword = "gw-pass-for-tests";
    private const string NodeA = "door-a";
    private const string NodeB = "door-b";
    private const string PasswordA = "a-pass-for-tests";
    private const string PasswordB = "b-pass-for-tests";

    private readonly RecordingLogger<ExternalBroker> _log = new();

    [Fact]
    public async Task Inbound_NodeUpAndRetainedStatus_ArriveWithTopicPayloadAndRetainedFlag()
    {
        await using var broker = await SiteBrokerAsync();
        using var nodeA = await NodeAsync(broker, NodeA, PasswordA);
        await nodeA.PublishAsync(Message($"cp/v1/{NodeA}/status", "online", retain: true));

        await using var gateway = Gateway(broker);
        await gateway.StartAsync(CancellationToken.None);
        await gateway.Ready.WaitAsync(MqttWait.Timeout);
        Assert.True(gateway.IsConnected);
        Assert.True(gateway.IsRunning);

        var (status, _) = await gateway.Inbound.ReadUntilAsync(m => m.Topic == $"cp/v1/{NodeA}/status", "the retained status");
        Assert.True(status.Retained);
        Assert.Equal("online", Encoding.UTF8.GetString(status.Payload));

        await nodeA.PublishAsync(Message($"cp/v1/{NodeA}/up", "check-in 1"));
        var (up, _) = await gateway.Inbound.ReadUntilAsync(m => m.Topic == $"cp/v1/{NodeA}/up", "the node's up message");
        Assert.False(up.Retained);
        Assert.Equal("check-in 1", Encoding.UTF8.GetString(up.Payload));

        // An independent client: the mosquitto_pub program logged in as door-b.
        var (exit, output) = await ToolAsync("mosquitto_pub", Login(broker, NodeB, PasswordB, "-t", $"cp/v1/{NodeB}/up", "-m", "from mosquitto_pub", "-q", "1"));
        Assert.True(exit == 0, output);
        var (fromPub, _) = await gateway.Inbound.ReadUntilAsync(m => m.Topic == $"cp/v1/{NodeB}/up", "door-b's up message");
        Assert.Equal("from mosquitto_pub", Encoding.UTF8.GetString(fromPub.Payload));

        await gateway.StopAsync(CancellationToken.None);
        Assert.False(gateway.IsConnected);
        Assert.False(gateway.IsRunning);
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(GatewayPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrySend_Verdict_ReachesTheNodesVerdictSubscription()
    {
        await using var broker = await SiteBrokerAsync();
        await using var gateway = Gateway(broker);
        Assert.False(gateway.TrySend($"cp/v1/{NodeA}/verdict", [1])); // not started: fails fast
        await gateway.StartAsync(CancellationToken.None);
        await gateway.Ready.WaitAsync(MqttWait.Timeout);

        using var nodeA = await NodeAsync(broker, NodeA, PasswordA);
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        nodeA.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var sub = await nodeA.SubscribeAsync($"cp/v1/{NodeA}/verdict", MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, sub.Items.Single().ResultCode);

        Assert.True(gateway.TrySend($"cp/v1/{NodeA}/verdict", Encoding.UTF8.GetBytes("PASS #7")));
        var verdict = await received.Task.WaitAsync(MqttWait.Timeout);
        Assert.Equal($"cp/v1/{NodeA}/verdict", verdict.Topic);
        Assert.Equal("PASS #7", verdict.ConvertPayloadToString());
        Assert.Equal(MqttQualityOfServiceLevel.AtMostOnce, verdict.QualityOfServiceLevel);
    }

    [Fact]
    public async Task Acl_NodeAPublishingOnBsUpTopic_NeverReachesInbound()
    {
        await using var broker = await SiteBrokerAsync();
        await using var gateway = Gateway(broker);
        await gateway.StartAsync(CancellationToken.None);
        await gateway.Ready.WaitAsync(MqttWait.Timeout);

        // MQTT 5 client: mosquitto answers the forged publish with a PUBACK reason code.
        using var nodeA = await NodeAsync(broker, NodeA, PasswordA, MqttProtocolVersion.V500);
        var forged = await nodeA.PublishAsync(Message($"cp/v1/{NodeB}/up", "forged by A"));
        Assert.False(forged.IsSuccess, $"the broker accepted A's publish on B's topic ({forged.ReasonCode})");
        await nodeA.PublishAsync(Message($"cp/v1/{NodeA}/up", "marker 1"));
        var (_, before) = await gateway.Inbound.ReadUntilAsync(m => m.Topic == $"cp/v1/{NodeA}/up", "A's own message");
        Assert.DoesNotContain(before, m => m.Topic.Contains(NodeB, StringComparison.Ordinal));

        // The same with the mosquitto_pub program (MQTT 3.1.1: the broker drops it silently).
        var (exit1, out1) = await ToolAsync("mosquitto_pub", Login(broker, NodeA, PasswordA, "-t", $"cp/v1/{NodeB}/up", "-m", "forged again", "-q", "1"));
        var (exit2, out2) = await ToolAsync("mosquitto_pub", Login(broker, NodeA, PasswordA, "-t", $"cp/v1/{NodeA}/up", "-m", "marker 2", "-q", "1"));
        Assert.True(exit1 == 0 && exit2 == 0, out1 + out2);
        var (marker, before2) = await gateway.Inbound.ReadUntilAsync(m => m.Topic == $"cp/v1/{NodeA}/up", "A's second marker");
        Assert.Equal("marker 2", Encoding.UTF8.GetString(marker.Payload));
        Assert.DoesNotContain(before2, m => m.Topic.Contains(NodeB, StringComparison.Ordinal));
        Assert.False(gateway.Inbound.TryRead(out _));
    }

    [Fact]
    public async Task Acl_NodeASubscribedToBsVerdicts_ReceivesOnlyItsOwn()
    {
        await using var broker = await SiteBrokerAsync();
        await using var gateway = Gateway(broker);
        await gateway.StartAsync(CancellationToken.None);
        await gateway.Ready.WaitAsync(MqttWait.Timeout);

        // mosquitto_sub as door-a on both verdict topics, exiting after the first message it receives.
        await using var sub = RunningProcess.Start("mosquitto_sub", "mosquitto_sub", Path.GetTempPath(),
            Login(broker, NodeA, PasswordA, "-t", $"cp/v1/{NodeB}/verdict", "-t", $"cp/v1/{NodeA}/verdict", "-v", "-C", "1", "-q", "1"));

        // Each round sends B's verdict first: if A could read it, it would be the first message mosquitto_sub prints.
        var rounds = 0;
        while (!sub.HasExited)
        {
            Assert.True(rounds++ < 100, "mosquitto_sub received nothing: " + sub.Output + broker.LogTail());
            Assert.True(gateway.TrySend($"cp/v1/{NodeB}/verdict", Encoding.UTF8.GetBytes("for B only")));
            Assert.True(gateway.TrySend($"cp/v1/{NodeA}/verdict", Encoding.UTF8.GetBytes("for A")));
            await Task.Delay(200);
        }

        Assert.Equal(0, await sub.WaitForExitAsync(MqttWait.Timeout));
        Assert.Equal($"cp/v1/{NodeA}/verdict for A", sub.Output.Trim());

        // And a raw MQTTnet client as door-a: B's verdicts never arrive, A's own do.
        using var nodeA = await NodeAsync(broker, NodeA, PasswordA);
        var topics = new List<string>();
        var own = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nodeA.ApplicationMessageReceivedAsync += e =>
        {
            lock (topics)
            {
                topics.Add(e.ApplicationMessage.Topic);
            }

            if (e.ApplicationMessage.Topic.Contains(NodeA, StringComparison.Ordinal))
            {
                own.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await nodeA.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"cp/v1/{NodeB}/verdict", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"cp/v1/+/verdict", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.True(gateway.TrySend($"cp/v1/{NodeB}/verdict", Encoding.UTF8.GetBytes("for B only")));
        Assert.True(gateway.TrySend($"cp/v1/{NodeA}/verdict", Encoding.UTF8.GetBytes("for A")));
        await own.Task.WaitAsync(MqttWait.Timeout);
        lock (topics)
        {
            Assert.DoesNotContain($"cp/v1/{NodeB}/verdict", topics);
        }
    }

    [Fact]
    public async Task Login_AnonymousOrWrongPassword_IsRefused()
    {
        await using var broker = await SiteBrokerAsync();
        var factory = new MqttClientFactory();
        foreach (var (user, password) in new (string?, string?)[] { (null, null), (NodeA, "wrong"), (NodeA, PasswordB), ("nobody", PasswordA) })
        {
            using var client = factory.CreateMqttClient();
            var builder = new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId("probe-" + Guid.NewGuid().ToString("N")[..8]);
            if (user is not null)
            {
                builder.WithCredentials(user, password);
            }

            MqttClientConnectResultCode code;
            try
            {
                code = (await client.ConnectAsync(builder.Build()).WaitAsync(MqttWait.Timeout)).ResultCode;
            }
            catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
            {
                code = ex.Message.Contains("NotAuthorized", StringComparison.Ordinal) || ex.Message.Contains("BadUserNameOrPassword", StringComparison.Ordinal)
                    ? MqttClientConnectResultCode.NotAuthorized
                    : MqttClientConnectResultCode.UnspecifiedError;
            }

            Assert.True(code is MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword, $"{user ?? "anonymous"}: {code}");
            Assert.False(client.IsConnected);
        }

        var (anonExit, anonOut) = await ToolAsync("mosquitto_pub", ["-h", broker.Host, "-p", Port(broker), "-t", $"cp/v1/{NodeA}/up", "-m", "x", "-q", "1"]);
        Assert.NotEqual(0, anonExit);
        Assert.Contains("not authorised", anonOut, StringComparison.OrdinalIgnoreCase);
        var (badExit, badOut) = await ToolAsync("mosquitto_sub", Login(broker, NodeA, "wrong", "-t", $"cp/v1/{NodeA}/verdict", "-C", "1", "-W", "5"));
        Assert.NotEqual(0, badExit);
        Assert.Contains("not authorised", badOut, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Start_WrongGatewayPassword_StaysDisconnectedWithAuthenticationRefused()
    {
        await using var broker = await SiteBrokerAsync();
        await using var gateway = Gateway(broker, password: "not-the-password");
        await gateway.StartAsync(CancellationToken.None);
        await MqttWait.UntilAsync(() => gateway.Link.LastFailure == MqttLinkFailure.AuthenticationRefused, "the refusal");
        Assert.False(gateway.IsConnected);
        Assert.False(gateway.IsRunning);
        Assert.False(gateway.Ready.IsCompleted);
        Assert.False(gateway.TrySend($"cp/v1/{NodeA}/verdict", [1]));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("check the user name and password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyRegistryAsync_EachCall_LogsOnceThatAccountsAreManagedOnTheBroker()
    {
        await using var gateway = new ExternalBroker(Options("broker.example.org", 1883), new GatewayCredentials("gateway", "x"), _log);
        await gateway.ApplyRegistryAsync([]);
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("broker.example.org:1883 yourself", StringComparison.Ordinal));
        await gateway.ApplyRegistryAsync([]);
        Assert.Equal(2, _log.Entries.Count(e => e.Message.Contains("yourself", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Endpoint_NodeAddressAndTlsPort_FollowTheConfiguredBroker()
    {
        await using (var plain = new ExternalBroker(Options("mqtt.site.lan", 1883), new GatewayCredentials("gateway", "x"), _log))
        {
            Assert.Equal(("mqtt.site.lan", 1883, "mqtt.site.lan", 1883), (plain.Host, plain.Port, plain.NodeHost, plain.NodePort));
            Assert.Null(plain.NodeTlsPort);
            Assert.False(plain.IsRunning);
        }

        var dir = Path.Combine(Path.GetTempPath(), "checkpointiot-ext-tls", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var ca = TestCa.Create("Site CA");
            var options = Options("mqtt.site.lan", 8883);
            options.Broker.TlsCaFile = ca.WriteCertificate(Path.Combine(dir, "ca.crt"));
            await using var tls = new ExternalBroker(options, new GatewayCredentials("gateway", "x"), _log);
            Assert.Equal(8883, tls.NodeTlsPort);
            Assert.Equal(8883, tls.NodePort);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task GatewayApp_ExternalMode_RegistersOneExternalBrokerAsEndpointMessagingAndHostedService()
    {
        var data = GatewayHarness.NewDataDirectory();
        try
        {
            await using var app = GatewayApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Gateway:DataDirectory", data,
                "--Gateway:Broker:Mode", "External",
                "--Gateway:Broker:Host", "127.0.0.1",
                "--Gateway:Broker:Port", Repo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--Gateway:Broker:Username", "gateway",
                "--Gateway:Broker:Password", "x",
                "--Gateway:Indicator:Mode", "simulated",
                "--Gateway:Upload:Enabled", "false",
            ]);
            var external = app.Services.GetRequiredService<ExternalBroker>();
            Assert.Same(external, app.Services.GetRequiredService<IBrokerEndpoint>());
            Assert.Same(external, app.Services.GetRequiredService<IGatewayMessaging>());
            Assert.Contains(app.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, external));
        }
        finally
        {
            GatewayHarness.TryDelete(data);
        }
    }

    private static async Task<MosquittoProcess> SiteBrokerAsync()
    {
        var setup = new MosquittoSetup { Acl = BrokerAccessRules.RenderAcl() };
        setup.Users[BrokerAccessRules.GatewayUser] = GatewayPassword;
        setup.Users[NodeA] = PasswordA;
        setup.Users[NodeB] = PasswordB;
        return await MosquittoProcess.StartAsync(setup);
    }

    private ExternalBroker Gateway(MosquittoProcess broker, string password = GatewayPassword) =>
        new(Options(broker.Host, broker.Port), new GatewayCredentials(BrokerAccessRules.GatewayUser, password), _log, o =>
        {
            o.ConnectTimeoutMilliseconds = 3000;
            o.ReconnectDelayMinMilliseconds = 100;
            o.ReconnectDelayMaxMilliseconds = 500;
        });

    private static GatewayOptions Options(string host, int port) => new()
    {
        Broker = new BrokerOptions { Mode = BrokerMode.External, Host = host, Port = port, Username = BrokerAccessRules.GatewayUser, Password = "unused" },
    };

    private static async Task<IMqttClient> NodeAsync(MosquittoProcess broker, string user, string password, MqttProtocolVersion version = MqttProtocolVersion.V311)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(user)
            .WithCredentials(user, password)
            .WithProtocolVersion(version)
            .Build()).WaitAsync(MqttWait.Timeout);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static MqttApplicationMessage Message(string topic, string payload, bool retain = false) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();

    private static string Port(MosquittoProcess broker) => broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Login(MosquittoProcess broker, string user, string password, params string[] rest) =>
        ["-h", broker.Host, "-p", Port(broker), "-u", user, "-P", password, "-i", user + "-tool", .. rest];

    /// <summary>A mosquitto command-line tool run to its end (killed after MqttWait.Timeout): exit code and output.</summary>
    private static Task<(int ExitCode, string Output)> ToolAsync(string program, string[] args) =>
        MosquittoCli.RunAsync(MqttWait.Timeout, program, args);
}
