namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>A message an MQTT test client received.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, bool Retained);
