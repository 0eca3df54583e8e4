namespace CheckpointIoT.Gateway.Upload;

/// <summary>Outbox figures for lag and disk alarms. OldestPendingMs: Unix ms of the oldest pending record, null when none.</summary>
public sealed record OutboxStats(long PendingCount, long? OldestPendingMs, long RejectedCount, long Bytes);
