namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>One page of deny-list changes. Full = a complete snapshot (the client must replace its list).</summary>
internal sealed record DenyListPage(string Cursor, bool Full, bool More, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
