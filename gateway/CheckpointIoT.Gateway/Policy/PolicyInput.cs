using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Policy;

/// <summary>What the policy looks at for one QR check-in. No raw scan text: only the kind and the salted identity hash.</summary>
public readonly record struct PolicyInput(string CheckpointId, DoorDirection Direction, QrKind Kind, string? IdentityHash, long TimeMs);
