namespace CheckpointIoT.Mosquitto;

/// <summary>Message the broker publishes when the client vanishes without a DISCONNECT.</summary>
public sealed record MqttLastWill(string Topic, byte[] Payload, int Qos, bool Retain);
