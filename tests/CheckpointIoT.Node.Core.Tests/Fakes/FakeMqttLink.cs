using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Tests.Fakes;

/// <summary>An MQTT seam that records publishes and can refuse connections (a broker that is down).</summary>
public sealed class FakeMqttLink : IMqttLink
{
    public bool BrokerUp { get; set; } = true;
    public bool IsConnected { get; private set; }
    public int ConnectAttempts { get; private set; }
    public List<(string Topic, byte[] Payload, bool Retain)> Published { get; } = [];
    public List<string> Subscriptions { get; } = [];

    public event MqttMessageHandler? MessageReceived;

    public bool Connect()
    {
        ConnectAttempts++;
        IsConnected = BrokerUp;
        return IsConnected;
    }

    public void Disconnect() => IsConnected = false;

    public void Drop() => IsConnected = false;

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        if (!IsConnected) return false;
        Published.Add((topic, (byte[])payload.Clone(), retain));
        return true;
    }

    public bool Subscribe(string topic)
    {
        if (!IsConnected) return false;
        Subscriptions.Add(topic);
        return true;
    }

    public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload);
}
