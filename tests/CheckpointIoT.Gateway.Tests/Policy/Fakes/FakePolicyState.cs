using CheckpointIoT.Gateway.Policy;

namespace CheckpointIoT.Gateway.Tests.Policy.Fakes;

/// <summary>Scripted deny list, history and occupancy; records what the policy asked.</summary>
public sealed class FakePolicyState : IPolicyState
{
    public HashSet<string> Denied { get; } = new();

    public long? LastPass { get; set; }

    public long? LastSince { get; private set; }

    public int CurrentOccupancy { get; set; }

    public bool IsDenied(string identityHash) => Denied.Contains(identityHash);

    public long? LastPassSince(string checkpointId, string identityHash, int direction, long sinceMs)
    {
        LastSince = sinceMs;
        return LastPass is { } t && t >= sinceMs ? t : null;
    }

    public int Occupancy(string checkpointId, long timeMs) => CurrentOccupancy;
}
