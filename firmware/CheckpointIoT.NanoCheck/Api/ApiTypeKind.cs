namespace CheckpointIoT.NanoCheck.Api;

/// <summary>Kind of a public type, as written in <c>types/*.types.txt</c>.</summary>
public enum ApiTypeKind
{
    Class,
    Struct,
    Interface,
    Enum,
    Delegate,
}
