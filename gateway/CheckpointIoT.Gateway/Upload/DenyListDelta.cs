namespace CheckpointIoT.Gateway.Upload;

/// <summary>One page of GET /v1/denylist. Full = a complete snapshot (replace, do not merge). More = fetch again with Cursor.</summary>
public sealed record DenyListDelta(string Cursor, bool Full, bool More, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
