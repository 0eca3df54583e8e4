namespace CheckpointIoT.NanoCheck.Api;

/// <summary>One nanoFramework assembly: a listing file plus its types file.</summary>
public sealed class ApiAssembly
{
    public ApiAssembly(string name)
    {
        Name = name;
    }

    /// <summary>Assembly name, e.g. "mscorlib", "System.IO.Ports".</summary>
    public string Name { get; }

    /// <summary>Line 1 of the listing (repository, commit, project, defines).</summary>
    public string Header { get; set; } = "";

    /// <summary>All types, outer and nested.</summary>
    public List<ApiType> Types { get; } = new();

    public IEnumerable<ApiType> TopLevelTypes => Types.Where(t => t.DeclaringType == null);

    /// <summary>Listing lines the parser could not place, with a reason.</summary>
    public List<string> Skipped { get; } = new();

    public override string ToString() => Name;
}
