namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>One topic filter <see cref="ResilientMqttClient"/> subscribes after every (re)connect, with its QoS (0..2).</summary>
public sealed record MqttSubscription(string TopicFilter, int Qos);
