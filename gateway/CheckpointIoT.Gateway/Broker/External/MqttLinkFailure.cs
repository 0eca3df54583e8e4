namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>Why the last connection attempt (or the last session) of a <see cref="ResilientMqttClient"/> ended.</summary>
public enum MqttLinkFailure
{
    /// <summary>No failure since the last successful connect.</summary>
    None = 0,

    /// <summary>TCP connect failed, timed out, or the session dropped (broker gone, keep-alive or health ping failed).</summary>
    Unreachable = 1,

    /// <summary>The broker refused the credentials (bad user name or password, not authorised): fix Username/Password.</summary>
    AuthenticationRefused = 2,

    /// <summary>The broker refused the connection for another reason (its CONNACK code is in LastError).</summary>
    ConnectRefused = 3,

    /// <summary>The server's TLS certificate does not chain to the configured CA, or is not for the host name.</summary>
    TlsRejected = 4,

    /// <summary>The broker refused one of the subscriptions (its ACL does not let this account read the topic).</summary>
    SubscriptionRefused = 5,
}
