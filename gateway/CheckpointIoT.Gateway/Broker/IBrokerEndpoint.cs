using CheckpointIoT.Gateway.Storage;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>Where the gateway and the nodes reach the broker, and how registry changes reach its access rules.</summary>
public interface IBrokerEndpoint
{
    /// <summary>Host the gateway connects to (loopback for the embedded broker).</summary>
    string Host { get; }

    /// <summary>Actual port (after the free-port fallback).</summary>
    int Port { get; }

    /// <summary>Host/port a node should be told at enrolment.</summary>
    string NodeHost { get; }

    int NodePort { get; }

    /// <summary>The port a node with the gateway CA uses for MQTT over TLS, or null when there is no TLS listener.</summary>
    int? NodeTlsPort { get; }

    bool IsRunning { get; }

    /// <summary>Rewrites password file + ACL from <paramref name="nodes"/> and reloads the broker (no-op for an external broker).</summary>
    Task ApplyRegistryAsync(IReadOnlyList<NodeRecord> nodes, CancellationToken ct = default);
}
