using System.Buffers.Binary;
using CheckpointIoT.Mosquitto.Tests.Fixtures;

namespace CheckpointIoT.Mosquitto.Tests.Client;

public sealed class MqttClientRoundTripTests : IClassFixture<BrokerFixture>
{
    private readonly BrokerFixture _fixture;

    public MqttClientRoundTripTests(BrokerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task PublishAsync_SubscribedTopic_MessageArrivesWithQos(int qos)
    {
        var topic = $"rt/{Guid.NewGuid():N}";
        await using var sub = await _fixture.ConnectClientAsync("sub");
        await using var pub = await _fixture.ConnectClientAsync("pub");
        await sub.SubscribeAsync(topic, qos);

        await pub.PublishAsync(topic, "hello"u8.ToArray(), qos);

        var m = await sub.NextMessageAsync();
        Assert.Equal(topic, m.Topic);
        Assert.Equal("hello"u8.ToArray(), m.Payload);
        Assert.Equal(qos, m.Qos);
        Assert.False(m.Retain);
    }

    [Fact]
    public async Task PublishAsync_BinaryPayloadWithAllByteValues_ArrivesIntact()
    {
        var topic = $"bin/{Guid.NewGuid():N}";
        var payload = new byte[4096];
        new Random(20240501).NextBytes(payload);
        for (var i = 0; i < 256; i++)
        {
            payload[i] = (byte)i; // every value, NULs included
        }

        await using var sub = await _fixture.ConnectClientAsync("sub");
        await using var pub = await _fixture.ConnectClientAsync("pub");
        await sub.SubscribeAsync(topic);

        await pub.PublishAsync(topic, payload);
        await pub.PublishAsync(topic, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(payload, (await sub.NextMessageAsync()).Payload);
        Assert.Empty((await sub.NextMessageAsync()).Payload);
    }

    [Fact]
    public async Task PublishAsync_Qos1_CompletesOnlyAfterBrokerAcknowledged()
    {
        // A retained QoS1 message is stored by the broker before PUBACK, so a subscriber that arrives after the
        // publish task completed must get it.
        var topic = $"ack/{Guid.NewGuid():N}";
        await using var pub = await _fixture.ConnectClientAsync("pub");

        var publish = pub.PublishAsync(topic, "stored"u8.ToArray(), qos: 1, retain: true);
        await publish.WaitAsync(MqttTestExtensions.Timeout);

        await using var late = await _fixture.ConnectClientAsync("late");
        await late.SubscribeAsync(topic);
        var m = await late.NextMessageAsync();
        Assert.Equal("stored"u8.ToArray(), m.Payload);
        Assert.True(m.Retain);
        await pub.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, qos: 1, retain: true); // clear the retained message
    }

    [Fact]
    public async Task PublishAsync_ThousandQos1_AllAcknowledgedAndReceivedInOrder()
    {
        const int count = 1000;
        var topic = $"bulk/{Guid.NewGuid():N}";
        await using var sub = await _fixture.ConnectClientAsync("sub");
        await using var pub = await _fixture.ConnectClientAsync("pub");
        await sub.SubscribeAsync(topic, 1);

        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            tasks[i] = pub.PublishAsync(topic, payload, 1);
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(tasks, t => Assert.True(t.IsCompletedSuccessfully));

        for (var i = 0; i < count; i++)
        {
            var m = await sub.NextMessageAsync();
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(m.Payload));
        }
    }

    [Fact]
    public async Task ConnectAsync_Mqtt5_RoundTripWorks()
    {
        var topic = $"v5/{Guid.NewGuid():N}";
        await using var client = await _fixture.ConnectClientAsync("v5", o => o.Protocol = MqttProtocol.V5);
        await client.SubscribeAsync(topic);

        await client.PublishAsync(topic, new byte[] { 5 });

        Assert.Equal(new byte[] { 5 }, (await client.NextMessageAsync()).Payload);
    }

    [Fact]
    public async Task SubscribeAsync_WildcardFilter_ReceivesMatchingTopicsOnly()
    {
        var root = $"wc/{Guid.NewGuid():N}";
        await using var client = await _fixture.ConnectClientAsync("wc");
        await client.SubscribeAsync($"{root}/+/checkin");

        await client.PublishAsync($"{root}/door1/other", new byte[] { 0 });
        await client.PublishAsync($"{root}/door1/checkin", new byte[] { 1 });

        var (match, before) = await client.NextMessageOnAsync($"{root}/door1/checkin");
        Assert.Equal(new byte[] { 1 }, match.Payload);
        Assert.Empty(before);
    }

    [Fact]
    public async Task ConnectionChanged_ConnectAndDisconnect_RaisedOffTheCallerWithTrueThenFalse()
    {
        var client = new MqttClient(_fixture.ClientOptions("events"));
        await using var _ = client;
        var seen = new List<bool>();
        var onPoolThread = new List<bool>();
        var gotFalse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionChanged += up =>
        {
            lock (seen)
            {
                seen.Add(up);
                onPoolThread.Add(Thread.CurrentThread.IsThreadPoolThread); // libmosquitto's own thread is not a pool thread
            }

            if (!up)
            {
                gotFalse.TrySetResult();
            }
        };

        await client.ConnectAsync();
        Assert.True(client.IsConnected);
        await client.DisconnectAsync();
        await gotFalse.Task.WaitAsync(MqttTestExtensions.Timeout);

        Assert.False(client.IsConnected);
        lock (seen)
        {
            Assert.Equal(new[] { true, false }, seen);
            Assert.All(onPoolThread, Assert.True);
        }
    }

    [Fact]
    public async Task ConnectAsync_AfterDisconnect_ReconnectsAndRestoresSubscriptions()
    {
        var topic = $"again/{Guid.NewGuid():N}";
        await using var client = await _fixture.ConnectClientAsync("again");
        await client.SubscribeAsync(topic);
        await client.DisconnectAsync();

        await client.ConnectAsync();
        await client.PublishAsync(topic, new byte[] { 42 });

        Assert.Equal(new byte[] { 42 }, (await client.NextMessageAsync()).Payload);
    }

    [Fact]
    public async Task UnsubscribeAsync_SubscribedTopic_NoLongerReceives()
    {
        var root = $"unsub/{Guid.NewGuid():N}";
        await using var client = await _fixture.ConnectClientAsync("unsub");
        await client.SubscribeAsync($"{root}/a");
        await client.SubscribeAsync($"{root}/marker");

        await client.UnsubscribeAsync($"{root}/a");
        await client.PublishAsync($"{root}/a", new byte[] { 1 });
        await client.PublishAsync($"{root}/marker", new byte[] { 2 });

        var (_, before) = await client.NextMessageOnAsync($"{root}/marker");
        Assert.Empty(before);
    }

    [Fact]
    public async Task PublishAsync_BeforeConnect_ThrowsMqttException()
    {
        await using var client = new MqttClient(_fixture.ClientOptions("early"));

        var ex = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync("x/y", new byte[] { 1 }));
        Assert.Contains("not connected", ex.Message);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsMqttExceptionWithSocketError()
    {
        var options = _fixture.ClientOptions("nobody");
        options.Port = MosquittoBroker.FreeTcpPort();
        await using var client = new MqttClient(options);

        var ex = await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync());
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverSendsConnack_ThrowsAfterConnectTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var options = _fixture.ClientOptions("silent");
        options.Port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        options.ConnectTimeout = TimeSpan.FromSeconds(1);
        await using var client = new MqttClient(options);

        var ex = await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync());

        Assert.Contains("no CONNACK", ex.Message);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Messages_AfterDispose_ChannelCompletes()
    {
        var client = await _fixture.ConnectClientAsync("done");

        await client.DisposeAsync();

        await client.Messages.Completion.WaitAsync(MqttTestExtensions.Timeout);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PublishAsync("x", new byte[] { 1 }));
    }
}
