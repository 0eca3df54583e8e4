using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Storage;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Gateway:Broker:Mode=external: an existing broker the gateway only connects to. Its users and ACL are managed
/// there (BrokerAccessRules shows the rules to install); enrolment still issues credentials and logs that the
/// broker must be told.
/// </summary>
public sealed class ExternalBrokerEndpoint : IBrokerEndpoint
{
    private readonly ILogger<ExternalBrokerEndpoint> _logger;

    public ExternalBrokerEndpoint(GatewayOptions options, ILogger<ExternalBrokerEndpoint> logger)
    {
        _logger = logger;
        Host = options.Broker.Host;
        Port = options.Broker.Port;
        NodeTlsPort = string.IsNullOrEmpty(options.Broker.TlsCaFile) ? null : options.Broker.Port;
    }

    public string Host { get; }

    public int Port { get; }

    public string NodeHost => Host;

    public int NodePort => Port;

    /// <summary>With TlsCaFile set the external broker's port speaks TLS, for the nodes too.</summary>
    public int? NodeTlsPort { get; }

    /// <summary>Set by the ingest service from its connection state.</summary>
    public bool IsRunning { get; set; }

    public Task ApplyRegistryAsync(IReadOnlyList<NodeRecord> nodes, CancellationToken ct = default)
    {
        _logger.LogWarning("external broker: add or update the node credentials and ACL on {Host}:{Port} yourself (see gateway/README.md, Topics and ACL)", Host, Port);
        return Task.CompletedTask;
    }
}
