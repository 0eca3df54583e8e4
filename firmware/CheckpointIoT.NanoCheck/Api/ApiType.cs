namespace CheckpointIoT.NanoCheck.Api;

/// <summary>A public type of one nanoFramework assembly: its shape (types file) plus its members (listing).</summary>
public sealed class ApiType
{
    public ApiType(string assembly, ApiTypeKind kind, string fullName, string typeParameters)
    {
        Assembly = assembly;
        Kind = kind;
        FullName = fullName;
        TypeParameters = typeParameters;
    }

    /// <summary>Assembly (listing file) that defines the type, e.g. "mscorlib".</summary>
    public string Assembly { get; }

    public ApiTypeKind Kind { get; }

    /// <summary>Dotted full name without type parameters, e.g. "System.Action" or "System.IO.IOException.IOExceptionErrorCode".</summary>
    public string FullName { get; }

    /// <summary>Type parameter list with variance as declared, e.g. "&lt;in T1, in T2&gt;", or "".</summary>
    public string TypeParameters { get; }

    /// <summary>Number of type parameters.</summary>
    public int Arity => TypeParameters.Length == 0 ? 0 : TypeParameters.Count(c => c == ',') + 1;

    /// <summary>The name used in member lines: full name plus type parameters without variance, e.g. "System.Action&lt;T1, T2&gt;".</summary>
    public string ListingKey => FullName + ApiNames.StripVariance(TypeParameters);

    public string Name => DeclaringType == null ? FullName[(Namespace.Length == 0 ? 0 : Namespace.Length + 1)..] : FullName[(DeclaringType.FullName.Length + 1)..];

    /// <summary>Namespace (of the outermost declaring type).</summary>
    public string Namespace { get; set; } = "";

    public ApiType? DeclaringType { get; set; }

    public List<ApiType> NestedTypes { get; } = new();

    public bool IsAbstract { get; set; }

    public bool IsSealed { get; set; }

    public bool IsStatic { get; set; }

    public bool IsReadOnly { get; set; }

    public bool IsRefStruct { get; set; }

    public string? BaseType { get; set; }

    public List<string> Interfaces { get; } = new();

    /// <summary>Underlying type of an enum ("int", "byte", ...).</summary>
    public string? EnumUnderlyingType { get; set; }

    /// <summary>Attribute texts without the brackets, e.g. "System.FlagsAttribute".</summary>
    public List<string> Attributes { get; } = new();

    public List<ApiMember> Members { get; } = new();

    /// <summary>Source line in the types file, for diagnostics.</summary>
    public string Source { get; set; } = "";

    public override string ToString() => Kind + " " + ListingKey;
}
