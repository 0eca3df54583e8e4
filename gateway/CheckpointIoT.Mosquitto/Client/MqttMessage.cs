namespace CheckpointIoT.Mosquitto;

/// <summary>An application message received from the broker (topic and payload copied out of libmosquitto).</summary>
public sealed record MqttMessage(string Topic, byte[] Payload, int Qos, bool Retain);
