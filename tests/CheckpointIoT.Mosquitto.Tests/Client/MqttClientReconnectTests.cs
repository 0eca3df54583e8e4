using CheckpointIoT.Mosquitto.Tests.Fixtures;

namespace CheckpointIoT.Mosquitto.Tests.Client;

/// <summary>Each test owns its broker because it restarts or stops it.</summary>
public sealed class MqttClientReconnectTests
{
    [Fact]
    public async Task RestartAsync_BrokerRestarted_ClientsReconnectAndSubscriptionsRestored()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync();
        await using var sub = await BrokerFixture.ConnectClientAsync(broker, "sub");
        await using var pub = await BrokerFixture.ConnectClientAsync(broker, "pub");
        await sub.SubscribeAsync("door/+/checkin");
        await pub.PublishAsync("door/1/checkin", new byte[] { 1 });
        Assert.Equal(new byte[] { 1 }, (await sub.NextMessageAsync()).Payload);

        var subDown = sub.WhenConnectionIs(false);
        var subBackUp = subDown.ContinueWith(_ => sub.WhenConnectionIs(true), TaskScheduler.Default).Unwrap();
        var pubDown = pub.WhenConnectionIs(false);
        var pubBackUp = pubDown.ContinueWith(_ => pub.WhenConnectionIs(true), TaskScheduler.Default).Unwrap();
        await broker.RestartAsync(); // clean sessions: the broker forgot every subscription

        await Task.WhenAll(subDown, pubDown, subBackUp, pubBackUp);
        Assert.True(sub.IsConnected);
        await pub.PublishAsync("door/2/checkin", new byte[] { 2 });

        Assert.Equal(new byte[] { 2 }, (await sub.NextMessageAsync()).Payload);
    }

    [Fact]
    public async Task PublishAsync_Qos1WhileBrokerDown_QueuedAndDeliveredAfterReconnect()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync(o => o.Persistence = true);
        // A persistent session (clean session off) keeps the subscription and queues messages across the restart.
        await using var sub = await BrokerFixture.ConnectClientAsync(broker, "sub", o => o.CleanSession = false);
        await sub.SubscribeAsync("queued/#", 1);
        await using var pub = await BrokerFixture.ConnectClientAsync(broker, "pub");

        var pubDown = pub.WhenConnectionIs(false);
        await broker.StopAsync();
        await pubDown;
        Assert.False(pub.IsConnected);

        var offline = pub.PublishAsync("queued/1", "kept"u8.ToArray(), qos: 1);
        Assert.False(offline.IsCompleted);
        await Assert.ThrowsAsync<MqttException>(() => pub.PublishAsync("queued/0", new byte[] { 0 }, qos: 0));

        await broker.StartAsync();
        await offline.WaitAsync(MqttTestExtensions.Timeout);

        var m = await sub.NextMessageAsync();
        Assert.Equal("queued/1", m.Topic);
        Assert.Equal("kept"u8.ToArray(), m.Payload);
    }

    [Fact]
    public async Task SubscribeAsync_WhileBrokerDown_ThrowsMqttException()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync();
        await using var client = await BrokerFixture.ConnectClientAsync(broker, "sub");
        var down = client.WhenConnectionIs(false);
        await broker.StopAsync();
        await down;

        await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync("any/#"));
    }

    [Fact]
    public async Task DisposeAsync_WhileReconnecting_CompletesAndFailsPendingPublishes()
    {
        await using var broker = await BrokerFixture.StartBrokerAsync();
        var client = await BrokerFixture.ConnectClientAsync(broker, "pub", o => o.ReconnectDelayMax = TimeSpan.FromSeconds(30));
        var down = client.WhenConnectionIs(false);
        await broker.StopAsync();
        await down;
        var pending = client.PublishAsync("x/y", new byte[] { 1 }, qos: 1);

        await client.DisposeAsync().AsTask().WaitAsync(MqttTestExtensions.Timeout);

        await Assert.ThrowsAsync<MqttException>(() => pending);
    }
}
