namespace CheckpointIoT.Gateway.Policy;

/// <summary>What the policy needs to know beyond the check-in itself (deny list, history, occupancy).</summary>
public interface IPolicyState
{
    bool IsDenied(string identityHash);

    /// <summary>Time of the latest passed check-in of this identity at the checkpoint and direction at or after <paramref name="sinceMs"/>, or null.</summary>
    long? LastPassSince(string checkpointId, string identityHash, int direction, long sinceMs);

    /// <summary>People currently inside the checkpoint (passes in minus passes out, today).</summary>
    int Occupancy(string checkpointId, long timeMs);
}
