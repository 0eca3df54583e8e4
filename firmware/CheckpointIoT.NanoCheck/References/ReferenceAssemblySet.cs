using Microsoft.CodeAnalysis;

namespace CheckpointIoT.NanoCheck.References;

/// <summary>The generated nanoFramework reference assemblies of one listings version, on disk.</summary>
public sealed class ReferenceAssemblySet
{
    private readonly Dictionary<string, MetadataReference> _references = new(StringComparer.Ordinal);

    public ReferenceAssemblySet(string directory, IReadOnlyList<string> assemblyNames, IReadOnlyList<string> skipped,
        bool fromCache, TimeSpan elapsed)
    {
        Directory = directory;
        AssemblyNames = assemblyNames;
        Skipped = skipped;
        FromCache = fromCache;
        Elapsed = elapsed;
        foreach (var name in assemblyNames)
        {
            _references[name] = MetadataReference.CreateFromFile(PathOf(name));
        }
    }

    /// <summary>Cache folder holding the .dll files, the generated sources (src/) and skipped.txt.</summary>
    public string Directory { get; }

    /// <summary>Assembly names in dependency order (mscorlib first).</summary>
    public IReadOnlyList<string> AssemblyNames { get; }

    /// <summary>Listing lines or members the generator could not express faithfully, with reasons.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>True when the assemblies were already in the cache.</summary>
    public bool FromCache { get; }

    /// <summary>Time spent generating (or loading from the cache).</summary>
    public TimeSpan Elapsed { get; }

    public string PathOf(string assemblyName) => Path.Combine(Directory, assemblyName + ".dll");

    public bool Contains(string assemblyName) => _references.ContainsKey(assemblyName);

    public MetadataReference Reference(string assemblyName) =>
        _references.TryGetValue(assemblyName, out var reference)
            ? reference
            : throw new ArgumentException("no generated reference assembly named " + assemblyName, nameof(assemblyName));

    public IReadOnlyList<MetadataReference> References(IEnumerable<string> assemblyNames) =>
        assemblyNames.Select(Reference).ToList();

    public IReadOnlyList<MetadataReference> All => AssemblyNames.Select(Reference).ToList();
}
