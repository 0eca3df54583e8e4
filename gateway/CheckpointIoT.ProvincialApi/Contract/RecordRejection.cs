namespace CheckpointIoT.ProvincialApi.Contract;

/// <summary>
/// Why one record of a batch was not accepted. Section ("checkins" or "presence") and Index locate the record in
/// the request; Code is machine-readable (snake_case); Reason is for people.
/// </summary>
internal sealed record RecordRejection(string? Id, string Section, int Index, string Code, string Reason);
