using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Hosting;
using CheckpointIoT.Gateway.Tests.Support;
using MQTTnet;

namespace CheckpointIoT.Gateway.Tests.Api;

public sealed class AdminApiTests
{
    [Fact]
    public async Task Health_Running_ReportsBrokerPortStoreAndCounts()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await gw.EnrolAsync("n-h1");

        using var anonymous = new HttpClient { BaseAddress = gw.Http.BaseAddress };
        var json = await anonymous.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(gw.Broker.Port, json.GetProperty("broker").GetProperty("port").GetInt32());
        Assert.True(json.GetProperty("broker").GetProperty("running").GetBoolean());
        Assert.Equal("ok", json.GetProperty("store").GetString());
        Assert.Equal(1, json.GetProperty("nodes").GetInt32());
        Assert.Equal(0, json.GetProperty("outboxPending").GetInt32());
    }

    [Fact]
    public async Task Health_BrokerStopped_Returns503()
    {
        await using var gw = await GatewayHarness.StartAsync();

        await gw.EmbeddedBroker.StopAsync(CancellationToken.None);
        using var response = await gw.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(json.GetProperty("broker").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task AdminEndpoint_HugeBodyWithoutToken_Answers401BeforeTheBodyIsSent()
    {
        await using var gw = await GatewayHarness.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gw.Http.BaseAddress!.Host, gw.Http.BaseAddress.Port);
        var stream = tcp.GetStream();
        // Announce 20 MB but send only the headers and a few bytes: a server that reads the body before it
        // checks the token never answers; one that authenticates first answers 401 at once.
        var head = $"POST /api/nodes HTTP/1.1\r\nHost: {gw.Http.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {20 * 1024 * 1024}\r\n\r\n{{\"nodeId\":";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));

        var buffer = new byte[512];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = await stream.ReadAsync(buffer, wait.Token);

        Assert.StartsWith("HTTP/1.1 401", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task AdminEndpoints_WithoutOrWithWrongToken_Return401()
    {
        await using var gw = await GatewayHarness.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = gw.Http.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = gw.Http.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/api/nodes", new { nodeId = "n-x", checkpointId = "cp" })).StatusCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(gw.DataDirectory, "admin.token")));
        }
    }

    [Fact]
    public async Task Enrol_Existing_Returns409_RotateIssuesNewPasswordAndOldOneStopsWorking()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var first = await gw.EnrolAsync("n-rot");

        using var again = await gw.Http.PostAsJsonAsync("/api/nodes", new { nodeId = "n-rot", checkpointId = "cp-test", direction = "in" });
        using var rotated = await gw.Http.PostAsJsonAsync("/api/nodes?rotate=true", new { nodeId = "n-rot", checkpointId = "cp-test", direction = "out" });
        var newPassword = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(first.Password, newPassword);
        var refused = await Assert.ThrowsAsync<LoginRefusedException>(() => TestNode.ConnectAsync(gw.Broker.Host, gw.Broker.Port, "n-rot", first.Password));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.Code);
        await using var node = await TestNode.ConnectAsync(gw.Broker.Host, gw.Broker.Port, "n-rot", newPassword);
        Assert.Equal(CheckpointIoT.Node.Core.Wire.DoorDirection.Out, Assert.Single(gw.Store.LoadNodes()).Direction);
    }

    [Fact]
    public async Task Disable_NodeCanNoLongerLogIn_AndListShowsIt()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var enrolled = await gw.EnrolAsync("n-dis");

        using var response = await gw.Http.PostAsync("/api/nodes/n-dis/disable", null);
        var list = await gw.Http.GetFromJsonAsync<JsonElement>("/api/nodes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(list[0].GetProperty("enabled").GetBoolean());
        var refused = await Assert.ThrowsAsync<LoginRefusedException>(() => gw.ConnectNodeAsync(enrolled));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, refused.Code);
        Assert.Equal(HttpStatusCode.NotFound, (await gw.Http.PostAsync("/api/nodes/n-none/disable", null)).StatusCode);
    }

    [Theory]
    [InlineData("{\"nodeId\":\"N-UPPER\",\"checkpointId\":\"cp\"}", "nodeId")]
    [InlineData("{\"nodeId\":\"gateway\",\"checkpointId\":\"cp\"}", "reserved")]
    [InlineData("{\"nodeId\":\"checkpoint-gateway\",\"checkpointId\":\"cp\"}", "reserved")]
    [InlineData("{\"nodeId\":\"n-1\",\"checkpointId\":\"\"}", "checkpointId")]
    [InlineData("{\"nodeId\":\"n-1\",\"checkpointId\":\"cp\",\"direction\":\"up\"}", "direction")]
    public async Task Enrol_BadInput_Returns400NamingTheField(string body, string expected)
    {
        await using var gw = await GatewayHarness.StartAsync();

        using var response = await gw.Http.PostAsync("/api/nodes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_PreferredBrokerPortTaken_UsesNextFreePort()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var gw = await GatewayHarness.StartAsync(null, "--Gateway:Broker:Port", taken.ToString());

        Assert.True(gw.Broker.Port > taken, $"broker on {gw.Broker.Port}, taken {taken}");
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-port"));
        Assert.True(node.Client.IsConnected);
    }

    [Theory]
    [InlineData("--Gateway:RetentionDays", "0", "Gateway:RetentionDays")]
    [InlineData("--Gateway:Broker:Port", "abc", "Gateway:Broker:Port")]
    [InlineData("--Gateway:Broker:Mode", "cloud", "Gateway:Broker:Mode")]
    [InlineData("--Gateway:Broker:Host", "localhost", "Gateway:Broker:Host")]
    [InlineData("--Gateway:Broker:LanBind", "lan0", "Gateway:Broker:LanBind")]
    [InlineData("--Gateway:Checkpoints:cp-1:OpeningHours", "7-19", "Gateway:Checkpoints:cp-1:OpeningHours")]
    [InlineData("--Gateway:Checkpoints:cp-1:AcceptedKinds:0", "PASSPORT", "Gateway:Checkpoints:cp-1:AcceptedKinds")]
    [InlineData("--Gateway:Upload:Token", " ", "Gateway:Upload:Token")]
    [InlineData("--Gateway:Indicator:GreenLine", "5000", "Gateway:Indicator:GreenLine")]
    public void Build_BadValue_IsOneLineConfigErrorNamingTheKey(string key, string value, string expectedKey)
    {
        var ex = Record.Exception(() => GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", GatewayHarness.NewDataDirectory(), key, value]));

        var message = GatewayProgram.ConfigError(ex!);
        Assert.NotNull(message);
        Assert.Contains(expectedKey, message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Run_Help_PrintsKeysAndExitsZero()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, GatewayProgram.Run(["--help"]));
        }
        finally
        {
            Console.SetOut(previous);
        }

        Assert.Contains("Gateway:Broker:Port", output.ToString());
        Assert.Contains("Gateway:Checkpoints:<id>:DuplicateWindowSeconds", output.ToString());
    }

    [Fact]
    public void Validate_External_WithoutUsername_NamesKey()
    {
        var options = new GatewayOptions { Broker = new BrokerOptions { Mode = BrokerMode.External } };

        var ex = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal("Gateway:Broker:Username", ex.Key);
    }
}
