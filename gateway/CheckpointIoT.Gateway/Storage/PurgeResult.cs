namespace CheckpointIoT.Gateway.Storage;

/// <summary>What one retention purge erased.</summary>
public readonly record struct PurgeResult(int CheckinsErased, int PresenceRecordsErased, int OutboxExpired);
