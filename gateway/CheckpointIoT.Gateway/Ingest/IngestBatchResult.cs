namespace CheckpointIoT.Gateway.Ingest;

/// <summary>What a batch produced: verdicts to send, and counts for logs/tests.</summary>
public sealed record IngestBatchResult(IReadOnlyList<OutgoingVerdict> Verdicts, int Stored, int Duplicates, int Rejected);
