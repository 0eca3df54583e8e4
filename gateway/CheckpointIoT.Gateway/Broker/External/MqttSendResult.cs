namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>Outcome of <see cref="ResilientMqttClient.PublishAsync"/>.</summary>
public enum MqttSendResult
{
    /// <summary>Handed to the broker (QoS 0: written to the socket; QoS 1: PUBACK received with a success code).</summary>
    Sent = 0,

    /// <summary>The link is not Connected: nothing was sent (returned at once, without waiting).</summary>
    NotConnected = 1,

    /// <summary>The broker answered with an error code (e.g. not authorised by its ACL, MQTT 5 only).</summary>
    Refused = 2,

    /// <summary>The write failed or timed out (the connection dropped meanwhile).</summary>
    Failed = 3,
}
