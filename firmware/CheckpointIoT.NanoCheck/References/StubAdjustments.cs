using CheckpointIoT.NanoCheck.Api;

namespace CheckpointIoT.NanoCheck.References;

/// <summary>
/// What the generator changed after the compiler rejected a faithful rendering: dropped members or base types,
/// an <c>override</c> without a visible base member, and synthesized explicit interface implementations
/// (interface members implemented non-publicly, which the listing cannot show). Every change has a reason.
/// </summary>
public sealed class StubAdjustments
{
    public Dictionary<ApiMember, string> DroppedMembers { get; } = new();

    /// <summary>Members whose <c>override</c> had no visible virtual base member and became plain (or virtual) members.</summary>
    public Dictionary<ApiMember, string> OverrideRemoved { get; } = new();

    /// <summary>(type, base-list entry) pairs removed, with the reason.</summary>
    public Dictionary<(ApiType Type, string Base), string> DroppedBases { get; } = new();

    /// <summary>Extra member texts per type: explicit interface implementations and overrides of abstract members.</summary>
    public Dictionary<ApiType, List<string>> ExtraMembers { get; } = new();

    public bool AddExtra(ApiType type, string text)
    {
        if (!ExtraMembers.TryGetValue(type, out var list))
        {
            list = new List<string>();
            ExtraMembers[type] = list;
        }

        if (list.Contains(text, StringComparer.Ordinal))
        {
            return false;
        }

        list.Add(text);
        return true;
    }

    /// <summary>Human-readable lines for the cache's skipped.txt.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var pair in DroppedMembers)
        {
            yield return pair.Key.Source + ": member skipped (" + pair.Value + "): " + pair.Key.Name;
        }

        foreach (var pair in OverrideRemoved)
        {
            yield return pair.Key.Source + ": 'override' removed (" + pair.Value + "): " + pair.Key.Name;
        }

        foreach (var pair in DroppedBases)
        {
            yield return pair.Key.Type.Source + ": base type " + pair.Key.Base + " removed (" + pair.Value + ")";
        }

        foreach (var pair in ExtraMembers)
        {
            foreach (var text in pair.Value)
            {
                yield return pair.Key.Source + ": non-public interface/abstract member synthesized in " + pair.Key.ListingKey + ": " + text;
            }
        }
    }
}
