using System.Diagnostics;
using CheckpointIoT.Mosquitto.Tests.Fixtures;

namespace CheckpointIoT.Mosquitto.Tests.Broker;

public sealed class MosquittoBrokerTests
{
    [Fact]
    public async Task StartAsync_DefaultOptions_PortAcceptsMqttAndConfigWritten()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync();

        Assert.True(broker.IsRunning);
        Assert.NotEqual(0, broker.Port);
        Assert.Contains($"listener {broker.Port} 127.0.0.1", File.ReadAllText(broker.ConfigPath));
        await using var client = await BrokerFixture.ConnectClientAsync(broker);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task StopAsync_RunningBroker_ProcessIsGone()
    {
        var broker = await BrokerFixture.StartBrokerAsync();
        var pid = broker.ProcessId!.Value;

        await broker.StopAsync();

        Assert.False(broker.IsRunning);
        Assert.False(ProcessAlive(pid));
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task DisposeAsync_RunningBroker_KillsProcessAndDeletesDataDirectory()
    {
        var broker = await BrokerFixture.StartBrokerAsync();
        var pid = broker.ProcessId!.Value;
        var dir = broker.DataDirectory;

        await broker.DisposeAsync();

        Assert.False(ProcessAlive(pid));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Exited_ProcessKilledFromOutside_RaisedWithExitCode()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync();
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.Exited += code => exited.TrySetResult(code);

        Process.GetProcessById(broker.ProcessId!.Value).Kill();

        var code = await exited.Task.WaitAsync(MqttTestExtensions.Timeout);
        Assert.NotEqual(0, code);
        Assert.False(broker.IsRunning);
    }

    [Fact]
    public async Task StopAsync_RequestedStop_ExitedNotRaised()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync();
        var raised = false;
        broker.Exited += _ => raised = true;

        await broker.StopAsync();

        Assert.False(raised);
        Assert.Equal(0, broker.LastExitCode);
    }

    [Fact]
    public async Task RestartAsync_RunningBroker_SamePortNewProcess()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync();
        var port = broker.Port;
        var pid = broker.ProcessId;

        await broker.RestartAsync();

        Assert.Equal(port, broker.Port);
        Assert.NotEqual(pid, broker.ProcessId);
        await using var client = await BrokerFixture.ConnectClientAsync(broker);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task StartAsync_InvalidConfigLine_ThrowsWithLogTail()
    {
        var options = BrokerFixture.NewBrokerOptions();
        options.ExtraConfig = "definitely_not_a_mosquitto_option 1";
        await using var broker = new MosquittoBroker(options);
        var exitedRaised = false;
        broker.Exited += _ => exitedRaised = true;

        var ex = await Assert.ThrowsAsync<MosquittoBrokerException>(() => broker.StartAsync());

        Assert.Contains("definitely_not_a_mosquitto_option", ex.Message);
        Assert.False(broker.IsRunning);
        Assert.False(exitedRaised); // startup failures surface as the exception only
    }

    [Fact]
    public async Task StartAsync_MissingExecutable_ThrowsInstallHint()
    {
        var options = BrokerFixture.NewBrokerOptions();
        options.Executable = "/nonexistent/bin/mosquitto";
        await using var broker = new MosquittoBroker(options);

        var ex = await Assert.ThrowsAsync<MosquittoBrokerException>(() => broker.StartAsync());

        Assert.Contains("sudo apt-get install mosquitto", ex.Message);
        Assert.Contains("/nonexistent/bin/mosquitto", ex.Message);
    }

    [Fact]
    public async Task UpdateUsers_RunningBroker_NewUserAcceptedRemovedUserRefused()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync(o =>
        {
            o.AllowAnonymous = false;
            o.Users = new[] { new MqttCredential("old", "old-pw") };
        });
        await using (await BrokerFixture.ConnectClientAsync(broker, "old", o => (o.Username, o.Password) = ("old", "old-pw")))
        {
        }

        broker.UpdateUsers(new[] { new MqttCredential("new", "new-pw") });

        // SIGHUP is handled asynchronously by the broker: retry until the new file is live.
        await using var fresh = await ConnectEventuallyAsync(broker, "new", "new-pw");
        Assert.True(fresh.IsConnected);
        var ex = await Assert.ThrowsAsync<MqttException>(
            () => BrokerFixture.ConnectClientAsync(broker, "old", o => (o.Username, o.Password) = ("old", "old-pw")));
        Assert.Contains("not authorised", ex.Message);
    }

    [Fact]
    public async Task UpdateAcl_RunningBroker_NewRuleApplied()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync(o => o.AclText = "topic readwrite open/#\n");
        await using var client = await BrokerFixture.ConnectClientAsync(broker);
        await client.SubscribeAsync("open/#");
        await client.SubscribeAsync("later/#");
        await client.PublishAsync("later/x", new byte[] { 1 });
        await client.PublishAsync("open/marker", new byte[] { 2 });
        var (_, before) = await client.NextMessageOnAsync("open/marker");
        Assert.Empty(before); // later/# not allowed yet

        broker.UpdateAcl("topic readwrite open/#\ntopic readwrite later/#\n");

        // Existing subscriptions are re-checked per message; retry until the reload is live.
        var deadline = DateTime.UtcNow + MqttTestExtensions.Timeout;
        while (true)
        {
            await client.PublishAsync("later/x", new byte[] { 3 });
            await client.PublishAsync("open/marker", new byte[] { 4 });
            var (_, seen) = await client.NextMessageOnAsync("open/marker");
            if (seen.Any(m => m.Topic == "later/x"))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "ACL reload never took effect");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task StartAsync_Persistence_WritesDatabaseOnStop()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync(o => o.Persistence = true);
        await using (var client = await BrokerFixture.ConnectClientAsync(broker, "p", o => o.CleanSession = false))
        {
            await client.SubscribeAsync("p/#");
        }

        await broker.StopAsync();

        Assert.True(File.Exists(Path.Combine(broker.DataDirectory, "mosquitto.db")));
    }

    [Fact]
    public void FindExecutable_MosquittoInstalled_ReturnsExistingPath()
    {
        var path = MosquittoBroker.FindExecutable();

        Assert.NotNull(path);
        Assert.True(File.Exists(path));
        Assert.EndsWith("/mosquitto", path);
    }

    [Fact]
    public void FreeTcpPort_TwoCalls_ReturnUsablePorts()
    {
        var a = MosquittoBroker.FreeTcpPort();
        var b = MosquittoBroker.FreeTcpPort();

        Assert.InRange(a, 1024, 65535);
        Assert.InRange(b, 1024, 65535);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, a);
        listener.Start();
    }

    [Fact]
    public void Validate_TlsPortWithoutCertificate_ThrowsNamingOption()
    {
        var options = BrokerFixture.NewBrokerOptions();
        options.TlsPort = 8883;

        var ex = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains("TlsPort", ex.Message);
    }

    [Fact]
    public void Validate_UserWithColon_ThrowsNamingOption()
    {
        var options = BrokerFixture.NewBrokerOptions();
        options.Users = new[] { new MqttCredential("a:b", "pw") };

        var ex = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains("Users", ex.Message);
    }

    private static async Task<MqttClient> ConnectEventuallyAsync(MosquittoBroker broker, string user, string password)
    {
        var deadline = DateTime.UtcNow + MqttTestExtensions.Timeout;
        while (true)
        {
            try
            {
                return await BrokerFixture.ConnectClientAsync(broker, user, o => (o.Username, o.Password) = (user, password));
            }
            catch (MqttException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static bool ProcessAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
