using System.Net;
using System.Net.Sockets;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace CheckpointIoT.Gateway.Tests.Broker;

/// <summary>The embedded MQTTnet broker's sessions, listeners and upgrade path, through MQTTnet clients.</summary>
public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task Rotate_WhileConnected_ClosesTheOldSessionAtOnce()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var first = await gw.EnrolAsync("n-rot");
        await using var node = await gw.ConnectNodeAsync(first);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        using var rotated = await gw.Http.PostAsync("/api/nodes?rotate=true",
            new StringContent("{\"nodeId\":\"n-rot\",\"checkpointId\":\"cp-test\"}", System.Text.Encoding.UTF8, "application/json"));
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(rotated.IsSuccessStatusCode);
        Assert.False(node.Client.IsConnected);
    }

    [Fact]
    public async Task Enrol_ThenConnectImmediately_Succeeds()
    {
        await using var gw = await GatewayHarness.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync($"n-fresh{i}"));
            Assert.True(node.Client.IsConnected);
        }
    }

    [Fact]
    public async Task UpgradedDatabase_MosquittoHash_NodeStillLogsIn_RotationWritesTheNewFormat()
    {
        var dir = GatewayHarness.NewDataDirectory();
        try
        {
            await using (var gw = await GatewayHarness.StartAsync(dir))
            {
                await gw.EnrolAsync("n-legacy");
            }

            // What a gateway of the mosquitto era stored: mosquitto_passwd's $7$ hash of "s3cret-Pass".
            const string legacy = "$7$101$wgLceJcAwfSReBFp$MJ1W33z4XAyaxjxOQo805f7JFQQvV4pDfTddS0QnykKwmR1nJmaTCRlQaEqqEQYWt9hZ5PUmw12La+2xcvoqtQ==";
            using (var db = new SqliteConnection($"Data Source={Path.Combine(dir, "gateway.db")};Pooling=False"))
            {
                db.Open();
                using var cmd = db.CreateCommand();
                cmd.CommandText = "UPDATE nodes SET password_hash = $h WHERE node_id = 'n-legacy'";
                cmd.Parameters.AddWithValue("$h", legacy);
                Assert.Equal(1, cmd.ExecuteNonQuery());
            }

            await using (var gw = await GatewayHarness.StartAsync(dir))
            {
                await using (var node = await TestNode.ConnectAsync(gw.Broker.Host, gw.Broker.Port, "n-legacy", "s3cret-Pass"))
                {
                    await node.PublishQrAsync(1, Samples.Cccd());
                    Assert.Equal(VerdictResult.Pass, (await node.WaitVerdictAsync(1)).Result);
                }

                using var rotated = await gw.Http.PostAsync("/api/nodes?rotate=true",
                    new StringContent("{\"nodeId\":\"n-legacy\",\"checkpointId\":\"cp-test\"}", System.Text.Encoding.UTF8, "application/json"));
                Assert.True(rotated.IsSuccessStatusCode);
                Assert.StartsWith(BrokerPasswordHash.Prefix, Assert.Single(gw.Store.LoadNodes()).PasswordHash);
                var refused = await Assert.ThrowsAsync<LoginRefusedException>(() => TestNode.ConnectAsync(gw.Broker.Host, gw.Broker.Port, "n-legacy", "s3cret-Pass"));
                Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.Code);
            }
        }
        finally
        {
            GatewayHarness.TryDelete(dir);
        }
    }

    [Fact]
    public async Task LanListener_OnItsOwnAddressAndPort_NodesUseIt_EachListenerBindsOnlyItsAddress()
    {
        var lanPort = Repo.FreePort();
        await using var gw = await GatewayHarness.StartAsync(null, "--Gateway:Broker:LanBind", "127.0.0.2", "--Gateway:Broker:LanPort", lanPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var enrolled = await gw.EnrolAsync("n-lan");
        await using var node = await gw.ConnectNodeAsync(enrolled);
        await node.PublishQrAsync(1, Samples.Cccd());
        await node.WaitVerdictAsync(1);

        Assert.Equal(("127.0.0.2", lanPort), (enrolled.BrokerHost, enrolled.BrokerPort));
        Assert.True(Accepts(IPAddress.Loopback, gw.Broker.Port));
        Assert.False(Accepts(IPAddress.Parse("127.0.0.2"), gw.Broker.Port), "the loopback listener is bound wider than Gateway:Broker:Host");
        Assert.False(Accepts(IPAddress.Loopback, lanPort), "the LAN listener is bound wider than Gateway:Broker:LanBind");
        Assert.False(Accepts(IPAddress.IPv6Loopback, gw.Broker.Port), "the broker also listens on [::]");
    }

    [Fact]
    public async Task Inbound_WhenIngestFallsBehind_PublishersWaitAndNothingIsLost()
    {
        await using var gw = await GatewayHarness.StartAsync(null, "--Gateway:IngestBatchSize", "1");
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-flood"));
        var capacity = EmbeddedBroker.InboundCapacity(gw.App.Services.GetRequiredService<CheckpointIoT.Gateway.Configuration.GatewayOptions>());
        var total = (uint)(capacity + 500);

        var sends = new List<Task>();
        for (uint seq = 1; seq <= total; seq++)
        {
            sends.Add(node.Client.PublishBinaryAsync(Topics.Up("n-flood"), TestNode.QrFrame("n-flood", seq, Samples.Cccd("0010990" + seq.ToString("D5"))), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce));
        }

        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(120));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (gw.Store.Count("checkins") < total && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(total, (uint)gw.Store.Count("checkins"));
        Assert.Equal(0, gw.Metrics.Duplicates.Value);
    }

    [Fact]
    public async Task OversizedPacketHeader_BeforeAnyLogin_ConnectionClosed_NodesUnaffected()
    {
        await using var gw = await GatewayHarness.StartAsync();
        using var raw = new TcpClient();
        await raw.ConnectAsync(IPAddress.Loopback, gw.Broker.Port);
        var stream = raw.GetStream();

        await stream.WriteAsync(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F }); // CONNECT claiming 256 MiB
        int read;
        try
        {
            read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            read = 0; // reset: closed as well
        }

        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-after"));
        await node.PublishQrAsync(1, Samples.Cccd());
        await node.WaitVerdictAsync(1);
        Assert.Equal(0, read);
        Assert.Contains(gw.Logs, l => l.Contains("MQTT packet of 268435455 bytes refused", StringComparison.Ordinal));
    }

    private static bool Accepts(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
