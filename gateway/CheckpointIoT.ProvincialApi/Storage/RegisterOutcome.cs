namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>Result of PUT /v1/checkpoints/{id}.</summary>
internal enum RegisterOutcome
{
    Created,
    Updated,
    OwnedByOtherGateway,
}
