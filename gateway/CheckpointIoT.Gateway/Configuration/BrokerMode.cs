namespace CheckpointIoT.Gateway.Configuration;

/// <summary>Gateway:Broker:Mode.</summary>
public enum BrokerMode
{
    /// <summary>The gateway hosts its own MQTT broker (MQTTnet, in-process).</summary>
    Embedded = 0,

    /// <summary>An existing broker (Gateway:Broker:Host/Port, credentials from Gateway:Broker:Username/Password).</summary>
    External = 1,
}
