using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Identity;

/// <summary>The gateway's reading of one scan: kind, identity key (null when there is none) and the masked id for staff.</summary>
public readonly record struct ScanClassification(QrKind Kind, ScanIdentity? Identity, string? MaskedId);
