namespace CheckpointIoT.NanoCheck.Api;

/// <summary>Kind of a member line in a PublicAPI listing.</summary>
public enum ApiMemberKind
{
    Constructor,
    Method,
    Operator,
    Conversion,
    Property,
    Indexer,
    Event,
    Field,
    Constant,
    EnumMember,
}
