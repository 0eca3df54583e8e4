using System.Text;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Tests.Broker;

/// <summary>
/// The embedded broker's logins and topic rules seen by independent clients: Debian's mosquitto_pub / mosquitto_sub
/// (libmosquitto, MQTT 3.1.1) as processes, each with a timeout.
/// </summary>
public sealed class EmbeddedBrokerSecurityTests : IAsyncLifetime
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(20);
    private readonly string _files = Path.Combine(Path.GetTempPath(), "cp-mqtt-sec-" + Guid.NewGuid().ToString("N")[..8]);
    private GatewayHarness _gw = null!;

    private int Port => _gw.Broker.Port;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_files);
        _gw = await GatewayHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _gw.DisposeAsync();
        GatewayHarness.TryDelete(_files);
    }

    [Fact]
    public async Task MosquittoPub_Anonymous_IsRefused_NothingStored()
    {
        await _gw.EnrolAsync("n-a");

        var (code, output) = await Pub(MosquittoCli.Login(Port, null, null, clientId: "n-a"), Topics.Up("n-a"), Frame("n-a", 1));

        Assert.NotEqual(0, code);
        Assert.Contains("Connection Refused", output);
        Assert.Equal(0, _gw.Store.Count("checkins"));
    }

    [Fact]
    public async Task MosquittoPub_WrongPassword_IsRefused_NothingStored()
    {
        var a = await _gw.EnrolAsync("n-a");

        var (code, output) = await Pub(MosquittoCli.Login(Port, "n-a", a.Password + "x"), Topics.Up("n-a"), Frame("n-a", 1));

        Assert.NotEqual(0, code);
        Assert.Contains("bad user name or password", output);
        Assert.Equal(0, _gw.Store.Count("checkins"));
        Assert.Contains(_gw.Logs, l => l.Contains("refused MQTT login", StringComparison.Ordinal) && l.Contains("wrong password", StringComparison.Ordinal));
        Assert.DoesNotContain(_gw.Logs, l => l.Contains(a.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MosquittoPub_NodeAOnNodeBUpTopic_NothingStored_NeverReachesIngest()
    {
        var a = await _gw.EnrolAsync("n-a");
        await using var b = await _gw.ConnectNodeAsync(await _gw.EnrolAsync("n-b"));

        var forged = await Pub(MosquittoCli.Login(Port, "n-a", a.Password), Topics.Up("n-b"), Frame("n-b", 1));
        var honest = await Pub(MosquittoCli.Login(Port, "n-a", a.Password), Topics.Up("n-a"), Frame("n-a", 2));
        await WaitUntilAsync(() => _gw.Store.Count("checkins") >= 1);
        await Task.Delay(300);

        Assert.Equal((0, 0), (forged.ExitCode, honest.ExitCode)); // MQTT 3.1.1 cannot refuse a PUBACK: the broker drops it
        Assert.Equal(1, _gw.Store.Count("checkins"));
        Assert.Equal(1, _gw.Metrics.IngestMessages.Value); // the forged frame never reached ingest
        Assert.False(b.TryGetVerdict(1, out _));
    }

    [Fact]
    public async Task MosquittoSub_NodeASubscribingToNodeBVerdictOrEverything_GetsNothing()
    {
        var a = await _gw.EnrolAsync("n-a");
        await using var b = await _gw.ConnectNodeAsync(await _gw.EnrolAsync("n-b"));
        await using var sub = MosquittoCli.Start("mosquitto_sub",
            [.. MosquittoCli.Login(Port, "n-a", a.Password), "-d", "-v", "-W", "30",
             "-t", Topics.Verdict("n-a"), "-t", Topics.Verdict("n-b"), "-t", "#", "-t", "cp/v1/+/verdict", "-t", "cp/v1/n-b/#"]);
        await sub.WaitForOutputAsync("received SUBACK", ToolTimeout);

        await b.PublishQrAsync(1, Samples.Cccd());
        await b.WaitVerdictAsync(1);
        await Task.Delay(1000);

        Assert.DoesNotContain("received PUBLISH", sub.Output);
        Assert.DoesNotContain(Topics.Verdict("n-b") + " ", sub.Output);
        Assert.Equal(4, CountOccurrences(_gw, "refused subscription"));
    }

    [Fact]
    public async Task MosquittoSub_NodeDisabledWhileConnected_IsDisconnectedAtOnce_AndCannotLogInAgain()
    {
        var k = await _gw.EnrolAsync("n-k");
        await using var sub = MosquittoCli.Start("mosquitto_sub",
            [.. MosquittoCli.Login(Port, "n-k", k.Password), "-d", "-W", "60", "-t", Topics.Verdict("n-k")]);
        await sub.WaitForOutputAsync("received SUBACK", ToolTimeout);

        using var response = await _gw.Http.PostAsync("/api/nodes/n-k/disable", null);
        var exit = await sub.WaitForExitAsync(TimeSpan.FromSeconds(10)); // mosquitto_sub reconnects, is refused, and exits

        Assert.True(response.IsSuccessStatusCode);
        Assert.True(exit is not null, "the disabled node's session stayed open:\n" + sub.Output);
        Assert.NotEqual(0, exit);
        Assert.Contains("not authorised", sub.Output);
    }

    [Theory]
    [InlineData("checkpoint-gateway", null)]
    [InlineData("n-b", null)]
    [InlineData("gateway", "gateway")]
    public async Task MosquittoPub_ReservedOrOtherNodesClientId_IsRefused_GatewayKeepsWorking(string clientId, string? user)
    {
        var a = await _gw.EnrolAsync("n-a");
        await using var b = await _gw.ConnectNodeAsync(await _gw.EnrolAsync("n-b"));

        var (code, output) = await Pub(MosquittoCli.Login(Port, user ?? "n-a", a.Password, clientId), Topics.Up("n-a"), Frame("n-a", 1));
        await b.PublishQrAsync(7, Samples.Cccd());
        var verdict = await b.WaitVerdictAsync(7);
        var honest = await Pub(MosquittoCli.Login(Port, "n-a", a.Password), Topics.Up("n-a"), Frame("n-a", 2));
        await WaitUntilAsync(() => _gw.Store.Count("checkins") >= 2);

        Assert.NotEqual(0, code);
        Assert.Contains("Connection Refused", output);
        Assert.True(b.Client.IsConnected, "node B's session was taken over");
        Assert.Equal(VerdictResult.Pass, verdict.Result);
        Assert.Equal(0, honest.ExitCode);
        Assert.Equal(2, _gw.Store.Count("checkins"));
    }

    [Fact]
    public async Task MosquittoPub_RetainedOnUp_IsStoredButNotKeptByTheBroker_NotReplayed()
    {
        var a = await _gw.EnrolAsync("n-a");

        var up = await Pub([.. MosquittoCli.Login(Port, "n-a", a.Password), "-r"], Topics.Up("n-a"), Frame("n-a", 1));
        var status = await Pub([.. MosquittoCli.Login(Port, "n-a", a.Password), "-r"], Topics.Status("n-a"), StatusFrame("n-a", 2));
        await WaitUntilAsync(() => _gw.Store.Count("checkins") == 1 && _gw.Store.LoadNodes().Single().LastStatusMs is not null);
        await using var sub = MosquittoCli.Start("mosquitto_sub",
            [.. MosquittoCli.Login(Port, "n-a", a.Password), "-d", "-W", "30", "-t", Topics.Verdict("n-a"), "-t", Topics.Up("n-a"), "-t", "cp/v1/n-a/#"]);
        await sub.WaitForOutputAsync("received SUBACK", ToolTimeout);
        await Task.Delay(500);
        var retained = await _gw.EmbeddedBroker.RetainedTopicsAsync();

        Assert.Equal((0, 0), (up.ExitCode, status.ExitCode));
        Assert.DoesNotContain(Topics.Up("n-a"), retained);
        Assert.Contains(Topics.Status("n-a"), retained); // status stays retained, as nodes publish it
        Assert.DoesNotContain("received PUBLISH", sub.Output);
    }

    [Fact]
    public async Task MosquittoSub_KilledWithoutDisconnect_ItsHexLastWillReachesIngest_NodeOffline()
    {
        var w = await _gw.EnrolAsync("n-w");
        var will = Convert.ToHexString(TestNode.StatusFrame("n-w", 9, new NodeStatus { Online = false, FirmwareVersion = "esp-2.0" })).ToLowerInvariant();
        await using var sub = MosquittoCli.Start("mosquitto_sub",
            [.. MosquittoCli.Login(Port, "n-w", w.Password), "-d", "-W", "60", "-t", Topics.Verdict("n-w"),
             "--will-topic", Topics.Status("n-w"), "--will-payload", will, "--will-qos", "1", "--will-retain"]);
        await sub.WaitForOutputAsync("received SUBACK", ToolTimeout);
        Assert.Null(_gw.Store.LoadNodes().Single().Online);

        sub.Kill();
        await WaitUntilAsync(() => _gw.Store.LoadNodes().Single().Online == false);

        var row = _gw.Store.LoadNodes().Single();
        Assert.Equal("esp-2.0", row.FirmwareVersion);
        Assert.Equal(1, _gw.Metrics.IngestMessages.Value);
    }

    private async Task<(int ExitCode, string Output)> Pub(string[] login, string topic, byte[] payload)
    {
        var file = Path.Combine(_files, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, payload);
        return await MosquittoCli.RunAsync(ToolTimeout, "mosquitto_pub", [.. login, "-q", "1", "-t", topic, "-f", file]);
    }

    private static byte[] Frame(string nodeId, uint sequence) => TestNode.QrFrame(nodeId, sequence, Samples.Cccd("00109900" + sequence.ToString("D4")));

    private static byte[] StatusFrame(string nodeId, uint sequence) => TestNode.StatusFrame(nodeId, sequence, new NodeStatus { Online = true, FirmwareVersion = "1.0" });

    private static int CountOccurrences(GatewayHarness gw, string text) => gw.Logs.Count(l => l.Contains(text, StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(50);
        }
    }
}
