namespace CheckpointIoT.NanoCheck.Api;

/// <summary>
/// One member of a type, built from one listing line (or two for a property/indexer: its get and set lines).
/// </summary>
public sealed class ApiMember
{
    public ApiMember(ApiMemberKind kind, string name, string type, string source)
    {
        Kind = kind;
        Name = name;
        Type = type;
        Source = source;
    }

    public ApiMemberKind Kind { get; }

    /// <summary>Member name; "this" for indexers, "operator ==" / "implicit operator X" for operators.</summary>
    public string Name { get; }

    /// <summary>Return type, property/field/event type, or enum type for enum members.</summary>
    public string Type { get; }

    /// <summary>"file:line" of the (first) listing line, for diagnostics.</summary>
    public string Source { get; }

    /// <summary>Modifiers as listed: static, virtual, abstract, override, sealed, extern, readonly.</summary>
    public HashSet<string> Modifiers { get; } = new(StringComparer.Ordinal);

    public List<ApiParameter> Parameters { get; } = new();

    /// <summary>Type parameters of a generic method (none in the current listings).</summary>
    public string TypeParameters { get; set; } = "";

    /// <summary>Constant or enum member value as written.</summary>
    public string? Value { get; set; }

    public bool HasGetter { get; set; }

    public bool HasSetter { get; set; }

    /// <summary>A stable key for de-duplicating property accessor lines and overloads.</summary>
    public string Key => Kind is ApiMemberKind.Property or ApiMemberKind.Indexer
        ? Name + "[" + string.Join(",", Parameters.Select(p => p.Type)) + "]"
        : Name + "(" + string.Join(",", Parameters.Select(p => p.Modifiers + " " + p.Type)) + ")";

    public override string ToString() => Kind + " " + Name + " -> " + Type + " (" + Source + ")";
}
