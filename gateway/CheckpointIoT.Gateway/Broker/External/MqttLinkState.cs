namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>
/// The states of <see cref="ResilientMqttClient"/>'s one reconnect loop (diagram in README.md). Only the loop moves
/// between them, in <c>ResilientMqttClient.Transition</c>; MQTTnet's Disconnected handler only wakes the loop.
/// </summary>
public enum MqttLinkState
{
    /// <summary>No session; the loop waits out the backoff delay, then connects (also the state before Start).</summary>
    Disconnected = 0,

    /// <summary>CONNECT sent (TCP, TLS, credentials) and, once accepted, the subscriptions being (re)made.</summary>
    Connecting = 1,

    /// <summary>Session up and every subscription granted: messages flow, publishing is possible.</summary>
    Connected = 2,

    /// <summary>StopAsync was called: the loop ended, the inbound channel is completed. Final.</summary>
    Stopped = 3,
}
