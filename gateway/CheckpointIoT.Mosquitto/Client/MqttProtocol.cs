namespace CheckpointIoT.Mosquitto;

/// <summary>MQTT protocol level sent in CONNECT.</summary>
public enum MqttProtocol
{
    /// <summary>MQTT 3.1.1 (protocol level 4), the default.</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (protocol level 5); the binding still uses the plain (v3-style) callbacks.</summary>
    V5 = 5,
}
