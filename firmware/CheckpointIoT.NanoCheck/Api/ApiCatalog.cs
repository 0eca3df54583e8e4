namespace CheckpointIoT.NanoCheck.Api;

/// <summary>All parsed listings of one API folder, with a type index across assemblies.</summary>
public sealed class ApiCatalog
{
    private readonly Dictionary<string, ApiType> _byListingKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiType> _byFullName = new(StringComparer.Ordinal);

    public ApiCatalog(string directory, IReadOnlyList<ApiAssembly> assemblies)
    {
        Directory = directory;
        Assemblies = assemblies;
        foreach (var type in assemblies.SelectMany(a => a.Types))
        {
            _byListingKey[type.ListingKey] = type;
            _byFullName.TryAdd(type.FullName, type);
        }
    }

    /// <summary>The listings folder.</summary>
    public string Directory { get; }

    public IReadOnlyList<ApiAssembly> Assemblies { get; }

    public ApiAssembly? FindAssembly(string name) =>
        Assemblies.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>Type by the name used in member lines ("System.Action&lt;T&gt;", "System.String").</summary>
    public ApiType? FindByListingKey(string key) => _byListingKey.GetValueOrDefault(key);

    /// <summary>Type by dotted full name, any arity ("System.Action", "System.IO.Stream").</summary>
    public ApiType? FindByFullName(string fullName) => _byFullName.GetValueOrDefault(fullName);

    /// <summary>
    /// The type that a dotted reference such as "System.IO.Ports.Parity.None" starts with (longest known prefix), or null.
    /// </summary>
    public ApiType? FindTypeForDottedReference(string dotted)
    {
        string candidate = ApiNames.ExpandLeadingKeyword(dotted);
        while (true)
        {
            var found = FindByFullName(candidate);
            if (found != null)
            {
                return found;
            }

            int dot = candidate.LastIndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            candidate = candidate[..dot];
        }
    }
}
