namespace CheckpointIoT.Gateway.Storage;

/// <summary>outbox.state values.</summary>
public enum OutboxState
{
    Pending = 0,
    Uploaded = 1,
    Rejected = 2,
    /// <summary>Not uploaded before the retention purge erased its personal fields.</summary>
    Expired = 3,
}
