namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>
    /// The node's MQTT session (ESP32: nanoFramework.M2Mqtt; host: libmosquitto). Broker address,
    /// credentials, TLS and the last will are adapter configuration. Messages may arrive on any thread.
    /// </summary>
    public interface IMqttLink
    {
        bool IsConnected { get; }

        /// <summary>One connection attempt; true when connected. The controller owns retry and backoff.</summary>
        bool Connect();

        void Disconnect();

        /// <summary>QoS 1 publish; false when not connected or the message could not be handed over.</summary>
        bool Publish(string topic, byte[] payload, bool retain);

        bool Subscribe(string topic);

        event MqttMessageHandler MessageReceived;
    }
}
