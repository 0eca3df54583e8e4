namespace CheckpointIoT.Mosquitto;

/// <summary>An MQTT-level failure: refused CONNACK, refused SUBACK, libmosquitto error code, lost connection.</summary>
public class MqttException : Exception
{
    public MqttException(string message)
        : base(message)
    {
    }

    public MqttException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public MqttException(string message, int reasonCode)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>CONNACK return code / MQTT 5 reason code / libmosquitto MOSQ_ERR_* value when there is one.</summary>
    public int? ReasonCode { get; }
}
