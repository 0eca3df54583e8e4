using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Storage;

/// <summary>The verdict stored under (node id, sequence): re-sent as is for a duplicate delivery.</summary>
public readonly record struct StoredVerdict(VerdictResult Result, ReasonCode Reason, string DisplayText);
