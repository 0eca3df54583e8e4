namespace CheckpointIoT.Gateway.Api;

/// <summary>POST /api/nodes body.</summary>
public sealed record EnrolRequest(string? NodeId, string? CheckpointId, string? Direction);
