namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>A checkpoint as registered by its gateway (unit = the organisation or ward running it).</summary>
internal sealed record CheckpointRegistration(
    string CheckpointId,
    string GatewayId,
    string Name,
    string Unit,
    string District,
    string? Province,
    string? Address,
    long RegisteredMs,
    long UpdatedMs);
