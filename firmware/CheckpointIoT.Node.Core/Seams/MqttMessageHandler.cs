namespace CheckpointIoT.Node.Core.Seams
{
    public delegate void MqttMessageHandler(string topic, byte[] payload);
}
