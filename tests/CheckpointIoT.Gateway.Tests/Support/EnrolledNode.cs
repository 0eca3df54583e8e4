namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>What POST /api/nodes answered.</summary>
public sealed record EnrolledNode(string NodeId, string Password, string BrokerHost, int BrokerPort);
