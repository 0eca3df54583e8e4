using CheckpointIoT.Mosquitto.Tests.Fixtures;

namespace CheckpointIoT.Mosquitto.Tests.Client;

public sealed class MqttClientLastWillTests : IClassFixture<BrokerFixture>
{
    private readonly BrokerFixture _fixture;

    public MqttClientLastWillTests(BrokerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task AbortAsync_ClientWithWill_BrokerPublishesWill()
    {
        var willTopic = $"status/{Guid.NewGuid():N}";
        await using var watcher = await _fixture.ConnectClientAsync("watcher");
        await watcher.SubscribeAsync(willTopic);
        var node = await _fixture.ConnectClientAsync("node", o => o.LastWill = new MqttLastWill(willTopic, "offline"u8.ToArray(), 1, false));

        await node.AbortAsync(); // TCP connection dropped without DISCONNECT, like a power cut

        var will = await watcher.NextMessageAsync();
        Assert.Equal(willTopic, will.Topic);
        Assert.Equal("offline"u8.ToArray(), will.Payload);
    }

    [Fact]
    public async Task DisconnectAsync_ClientWithWill_WillNotPublished()
    {
        var willTopic = $"status/{Guid.NewGuid():N}";
        var markerTopic = willTopic + "/marker";
        await using var watcher = await _fixture.ConnectClientAsync("watcher");
        await watcher.SubscribeAsync(willTopic + "/#");
        await watcher.SubscribeAsync(willTopic);
        var node = await _fixture.ConnectClientAsync("node", o => o.LastWill = new MqttLastWill(willTopic, "offline"u8.ToArray(), 1, false));

        await node.DisconnectAsync();
        await node.DisposeAsync();
        await watcher.PublishAsync(markerTopic, new byte[] { 1 });

        var (_, before) = await watcher.NextMessageOnAsync(markerTopic);
        Assert.Empty(before);
    }
}
