namespace CheckpointIoT.Gateway.Upload;

/// <summary>A record the server refused: where it was in the request (section "checkins"/"presence", index), its id, why.</summary>
public sealed record RecordRejection(string? Id, string Section, int Index, string Code, string Reason);
