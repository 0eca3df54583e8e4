using CheckpointIoT.Technician.Tests.Harness;

namespace CheckpointIoT.Technician.Tests;

/// <summary>The tests start a gateway, socat and several processes: one at a time, one gateway for all.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TechnicianCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "technician-end-to-end";
}
