using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using CheckpointIoT.Node.Host.Adapters;
using MQTTnet;
using MQTTnet.Protocol;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>The host runtime's MQTT seam (MQTTnet) against a real Debian mosquitto started per test.</summary>
public sealed class MqttNetLinkTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private MosquittoProcess _broker = null!;
    private readonly List<IAsyncDisposable> _disposables = [];

    public async Task InitializeAsync() => _broker = await MosquittoProcess.StartAsync(new MosquittoSetup { AllowAnonymous = true });

    private MqttNetLink NewLink(string clientId = "n-link1", Action<MqttNetLinkOptions>? configure = null)
    {
        var options = new MqttNetLinkOptions { Host = _broker.Host, Port = _broker.Port, ClientId = clientId, Timeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        var link = new MqttNetLink(options);
        _disposables.Add(link);
        return link;
    }

    [Fact]
    public void Connect_BrokerRunning_IsConnected()
    {
        var link = NewLink();

        Assert.True(link.Connect());

        Assert.True(link.IsConnected);
    }

    [Fact]
    public void Connect_NoBroker_ThrowsOnceAndStaysDisconnected()
    {
        _broker.Kill();
        var link = NewLink();

        Assert.ThrowsAny<Exception>(() => link.Connect());

        Assert.False(link.IsConnected);
        Assert.False(link.Publish("t/x", [1], false));
    }

    [Fact]
    public async Task Publish_QoS1_ObserverReceivesTheBytesAtQoS1()
    {
        var observer = await ObserverAsync("cp/up/n-link1");
        var link = NewLink();
        Assert.True(link.Connect());
        byte[] payload = [0x01, 0x80, 0x00, 0xFF, 0x42];

        Assert.True(link.Publish("cp/up/n-link1", payload, false));

        var message = await observer.NextAsync(Wait);
        Assert.Equal("cp/up/n-link1", message.Topic);
        Assert.Equal(payload, message.Payload);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, message.Qos);
        Assert.Equal(0, link.PublishFailures);
    }

    [Fact]
    public async Task Publish_Retained_LaterSubscriberGetsIt()
    {
        var link = NewLink();
        Assert.True(link.Connect());
        Assert.True(link.Publish("cp/status/n-link1", Encoding.UTF8.GetBytes("online"), true));
        await Task.Delay(300);

        var observer = await ObserverAsync("cp/status/n-link1");

        var message = await observer.NextAsync(Wait);
        Assert.Equal("online", Encoding.UTF8.GetString(message.Payload));
        Assert.True(message.Retain);
    }

    [Fact]
    public async Task Subscribe_MessageFromAnotherClient_RaisesMessageReceived()
    {
        var link = NewLink();
        var received = new BlockingCollection<(string Topic, byte[] Payload)>();
        link.MessageReceived += (topic, payload) => received.Add((topic, payload));
        Assert.True(link.Connect());
        Assert.True(link.Subscribe("cp/verdict/n-link1"));
        var sender = await ObserverAsync("unused/topic");

        await sender.PublishAsync("cp/verdict/n-link1", [9, 8, 7]);

        Assert.True(received.TryTake(out var message, Wait));
        Assert.Equal("cp/verdict/n-link1", message.Topic);
        Assert.Equal([9, 8, 7], message.Payload);
    }

    [Fact]
    public async Task MessageReceived_HandlerThrows_LaterMessagesStillArrive()
    {
        var link = NewLink();
        var received = new BlockingCollection<byte[]>();
        link.MessageReceived += (_, payload) =>
        {
            if (payload[0] == 1) throw new InvalidOperationException("handler bug");
            received.Add(payload);
        };
        Assert.True(link.Connect());
        Assert.True(link.Subscribe("cp/verdict/n-link1"));
        var sender = await ObserverAsync("unused/topic");

        await sender.PublishAsync("cp/verdict/n-link1", [1]);
        await sender.PublishAsync("cp/verdict/n-link1", [2]);

        Assert.True(received.TryTake(out var second, Wait));
        Assert.Equal([2], second);
        Assert.Equal(1, link.HandlerFailures);
    }

    [Fact]
    public async Task AbortAsync_LinkWithWill_BrokerPublishesTheRetainedWill()
    {
        var observer = await ObserverAsync("cp/status/n-will1");
        var link = NewLink("n-will1", o => { o.WillTopic = "cp/status/n-will1"; o.WillPayload = [0xDE, 0xAD]; });
        Assert.True(link.Connect());

        await link.AbortAsync();

        var will = await observer.NextAsync(Wait);
        Assert.Equal([0xDE, 0xAD], will.Payload);
        Assert.False(link.IsConnected);
        var late = await ObserverAsync("cp/status/n-will1", "late");
        var retained = await late.NextAsync(Wait);
        Assert.True(retained.Retain);
        Assert.True(link.Connect()); // the link is usable again after the crash
    }

    [Fact]
    public async Task Disconnect_Clean_BrokerDiscardsTheWill()
    {
        var observer = await ObserverAsync("cp/status/n-will2");
        var link = NewLink("n-will2", o => { o.WillTopic = "cp/status/n-will2"; o.WillPayload = [0xDE, 0xAD]; });
        Assert.True(link.Connect());

        link.Disconnect();
        await Task.Delay(500);
        await observer.PublishAsync("cp/status/n-will2", [0x01]);

        var first = await observer.NextAsync(Wait);
        Assert.Equal([0x01], first.Payload);
        Assert.False(link.IsConnected);
    }

    [Fact]
    public async Task Connect_AfterTheBrokerRestarts_SubscriptionsAreInPlaceAgain()
    {
        var link = NewLink();
        var received = new BlockingCollection<byte[]>();
        link.MessageReceived += (_, payload) => received.Add(payload);
        Assert.True(link.Connect());
        Assert.True(link.Subscribe("cp/verdict/n-link1"));

        await _broker.RestartAsync();
        var deadline = DateTime.UtcNow + Wait;
        while (link.IsConnected && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.False(link.IsConnected);
        int attempts = 0;
        while (!link.IsConnected && DateTime.UtcNow < deadline + Wait)
        {
            attempts++;
            try { link.Connect(); } catch (Exception) { await Task.Delay(100); }
        }
        Assert.True(link.IsConnected, "reconnected after " + attempts + " attempt(s)");

        var sender = await ObserverAsync("unused/topic");
        await sender.PublishAsync("cp/verdict/n-link1", [5]);
        Assert.True(received.TryTake(out var payload, Wait), "no message after the reconnect: the subscription was not restored");
        Assert.Equal([5], payload);
        Assert.True(link.Publish("cp/up/n-link1", [6], false));
    }

    private async Task<Observer> ObserverAsync(string topic, string id = "observer")
    {
        var observer = await Observer.ConnectAsync(_broker, id + Guid.NewGuid().ToString("N")[..6], topic);
        _disposables.Add(observer);
        return observer;
    }

    public async Task DisposeAsync()
    {
        foreach (var d in _disposables) await d.DisposeAsync();
        await _broker.DisposeAsync();
    }

    /// <summary>A plain MQTTnet client on the other side of the broker (stands in for the gateway).</summary>
    private sealed class Observer : IAsyncDisposable
    {
        private readonly IMqttClient _client;
        private readonly BlockingCollection<(string Topic, byte[] Payload, MqttQualityOfServiceLevel Qos, bool Retain)> _messages = [];

        private Observer(IMqttClient client) => _client = client;

        public static async Task<Observer> ConnectAsync(MosquittoProcess broker, string clientId, string topic)
        {
            var factory = new MqttClientFactory();
            var observer = new Observer(factory.CreateMqttClient());
            observer._client.ApplicationMessageReceivedAsync += e =>
            {
                var m = e.ApplicationMessage;
                observer._messages.Add((m.Topic, m.Payload.ToArray(), m.QualityOfServiceLevel, m.Retain));
                return Task.CompletedTask;
            };
            await observer._client.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId(clientId).Build());
            await observer._client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce);
            return observer;
        }

        public async Task<(string Topic, byte[] Payload, MqttQualityOfServiceLevel Qos, bool Retain)> NextAsync(TimeSpan wait)
        {
            var message = await Task.Run(() => _messages.TryTake(out var m, wait) ? m : default);
            Assert.True(message.Topic != null, "nothing arrived within " + wait.TotalSeconds + " s");
            return message;
        }

        public Task PublishAsync(string topic, byte[] payload) =>
            _client.PublishBinaryAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce);

        public ValueTask DisposeAsync()
        {
            _client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
