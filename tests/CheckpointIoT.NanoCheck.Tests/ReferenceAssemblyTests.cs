using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using CheckpointIoT.NanoCheck.Api;
using CheckpointIoT.NanoCheck.References;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Tests;

[Collection(NanoCollection.Name)]
public sealed class ReferenceAssemblyTests
{
    private readonly NanoApiFixture _nano;

    public ReferenceAssemblyTests(NanoApiFixture nano)
    {
        _nano = nano;
    }

    private CSharpCompilation Probe() =>
        CSharpCompilation.Create("Probe", references: _nano.Refs.All,
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private IAssemblySymbol Assembly(CSharpCompilation compilation, string name) =>
        (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(_nano.Refs.Reference(name))!;

    [SkippableFact]
    public void GetOrBuild_EveryListing_GivesOneAssemblyMscorlibFirst()
    {
        _nano.RequireListings();

        var listings = ApiListingParser.ListingFiles(_nano.ApiDirectory!).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(listings.OrderBy(n => n), _nano.Refs.AssemblyNames.OrderBy(n => n));
        Assert.Equal("mscorlib", _nano.Refs.AssemblyNames[0]);
        Assert.Contains("System.IO.Ports", _nano.Refs.AssemblyNames);
        Assert.Contains("nanoFramework.M2Mqtt", _nano.Refs.AssemblyNames);
    }

    [SkippableFact]
    public void Mscorlib_AssemblyReferences_NoneBecauseItIsTheCoreLibrary()
    {
        _nano.RequireListings();

        using var stream = File.OpenRead(_nano.Refs.PathOf("mscorlib"));
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        Assert.Empty(metadata.AssemblyReferences);
        Assert.Contains(metadata.TypeDefinitions, h => metadata.GetString(metadata.GetTypeDefinition(h).Name) == "Object");
    }

    [SkippableFact]
    public void GeneratedAssemblies_AssemblyReferences_OnlyOtherGeneratedAssemblies()
    {
        _nano.RequireListings();

        foreach (var name in _nano.Refs.AssemblyNames)
        {
            using var stream = File.OpenRead(_nano.Refs.PathOf(name));
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                string referenced = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                Assert.True(_nano.Refs.Contains(referenced), name + " references " + referenced + ", which is not a generated nanoFramework assembly");
            }
        }
    }

    [Fact]
    public void GetOrBuild_CoreListingsWithRealMscorlib_RealFileCopiedAndStubsReferenceItsIdentity()
    {
        var core = _nano.CoreRefs;

        Assert.Equal(new[] { "mscorlib", "nanoFramework.System.Collections", "nanoFramework.System.Text" }, core.AssemblyNames);
        Assert.Equal(File.ReadAllBytes(_nano.Mscorlib), File.ReadAllBytes(core.PathOf("mscorlib")));
        Assert.Empty(core.Skipped);
        var real = ReadIdentity(_nano.Mscorlib);
        foreach (var name in core.AssemblyNames.Skip(1))
        {
            using var stream = File.OpenRead(core.PathOf(name));
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var references = metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h)).ToList();
            var reference = Assert.Single(references);
            Assert.Equal("mscorlib", metadata.GetString(reference.Name));
            Assert.Equal(real.Version, reference.Version);
            Assert.Equal(real.PublicKeyToken, Convert.ToHexString(metadata.GetBlobBytes(reference.PublicKeyOrToken)));
        }
    }

    [Fact]
    public void RealMscorlib_CoreTypes_StringBuilderAndHashtableAreNotInIt()
    {
        // Why the core needs the two generated assemblies at all: the real mscorlib has ArrayList, not these.
        using var stream = File.OpenRead(_nano.Mscorlib);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = metadata.TypeDefinitions.Select(h => metadata.GetTypeDefinition(h))
            .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name)).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("System.Collections.ArrayList", names);
        Assert.Contains("System.Object", names);
        Assert.DoesNotContain("System.Text.StringBuilder", names);
        Assert.DoesNotContain("System.Collections.Hashtable", names);
        Assert.DoesNotContain("System.Collections.Generic.List`1", names);
    }

    [Fact]
    public void ComputeHash_OtherMscorlib_HashChanges()
    {
        string copy = Path.Combine(Path.GetTempPath(), "nanocheck-mscorlib-" + Guid.NewGuid().ToString("N") + ".dll");
        try
        {
            var bytes = File.ReadAllBytes(_nano.Mscorlib);
            bytes[^1] ^= 0xFF;
            File.WriteAllBytes(copy, bytes);

            Assert.NotEqual(ReferenceAssemblyBuilder.ComputeHash(_nano.CoreApiDirectory, _nano.Mscorlib),
                ReferenceAssemblyBuilder.ComputeHash(_nano.CoreApiDirectory, copy));
            Assert.NotEqual(ReferenceAssemblyBuilder.ComputeHash(_nano.CoreApiDirectory, _nano.Mscorlib),
                ReferenceAssemblyBuilder.ComputeHash(_nano.CoreApiDirectory));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [SkippableFact]
    public void GetOrBuild_SharedListingsWithRealMscorlib_EveryListingButMscorlibGeneratedNothingDropped()
    {
        _nano.RequireListings();

        var app = _nano.AppRefs;
        var listings = ApiListingParser.ListingFiles(_nano.ApiDirectory!).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(listings.OrderBy(n => n, StringComparer.Ordinal), app.AssemblyNames.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(_nano.Mscorlib), File.ReadAllBytes(app.PathOf("mscorlib")));
        // Only the synthesized non-public implementations the listings cannot show; no listed member or base type was
        // rejected when compiled against the real mscorlib.
        Assert.All(app.Skipped, line => Assert.Contains("non-public interface/abstract member synthesized", line));
    }

    private static (Version Version, string PublicKeyToken) ReadIdentity(string path)
    {
        var name = System.Reflection.AssemblyName.GetAssemblyName(path);
        return (name.Version!, Convert.ToHexString(name.GetPublicKeyToken() ?? Array.Empty<byte>()));
    }

    [SkippableFact]
    public void Mscorlib_ArrayList_LivesInMscorlibNotInSystemCollections()
    {
        _nano.RequireListings();

        var compilation = Probe();
        Assert.NotNull(Assembly(compilation, "mscorlib").GetTypeByMetadataName("System.Collections.ArrayList"));
        Assert.Null(Assembly(compilation, "nanoFramework.System.Collections").GetTypeByMetadataName("System.Collections.ArrayList"));
        Assert.NotNull(Assembly(compilation, "nanoFramework.System.Collections").GetTypeByMetadataName("System.Collections.Hashtable"));
        Assert.NotNull(Assembly(compilation, "nanoFramework.System.Text").GetTypeByMetadataName("System.Text.StringBuilder"));
    }

    [SkippableFact]
    public void Mscorlib_StringSplit_HasTheListedOverloadsOnly()
    {
        _nano.RequireListings();

        var stringType = Probe().GetSpecialType(SpecialType.System_String);
        var splits = stringType.GetMembers("Split").OfType<IMethodSymbol>()
            .Select(m => string.Join(",", m.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type.ToDisplayString())))
            .OrderBy(s => s)
            .ToList();
        Assert.Equal(new[] { "char[],int", "params char[]" }, splits);
        Assert.Empty(stringType.GetMembers("Replace"));
        Assert.Empty(stringType.GetMembers("Join"));
        Assert.Empty(stringType.GetMembers("IsNullOrWhiteSpace"));
        Assert.Single(stringType.GetMembers("IsNullOrEmpty"));
    }

    [SkippableTheory]
    [InlineData("System.Collections.Generic.List`1")]
    [InlineData("System.Collections.Generic.Dictionary`2")]
    [InlineData("System.Collections.Generic.IEnumerable`1")]
    [InlineData("System.Linq.Enumerable")]
    [InlineData("System.Nullable`1")]
    [InlineData("System.Decimal")]
    [InlineData("System.Span`1")]
    [InlineData("System.ValueTuple`2")]
    [InlineData("System.Threading.Tasks.Task")]
    public void AllAssemblies_TypeNotInNanoFramework_IsAbsent(string metadataName)
    {
        _nano.RequireListings();

        var compilation = Probe();
        foreach (var name in _nano.Refs.AssemblyNames)
        {
            Assert.Null(Assembly(compilation, name).GetTypeByMetadataName(metadataName));
        }

        Assert.Null(compilation.GlobalNamespace.GetNamespaceMembers().Single(n => n.Name == "System").GetNamespaceMembers().FirstOrDefault(n => n.Name == "Linq"));
    }

    [SkippableFact]
    public void GeneratedTypes_EveryListedTypeAndMember_Exists()
    {
        _nano.RequireListings();

        var compilation = Probe();
        var skipped = new HashSet<string>(_nano.Refs.Skipped.Select(SourceOf));
        var missing = new List<string>();
        int checkedMembers = 0;
        foreach (var assembly in _nano.Catalog!.Assemblies)
        {
            var assemblySymbol = Assembly(compilation, assembly.Name);
            foreach (var type in assembly.Types)
            {
                var symbol = assemblySymbol.GetTypeByMetadataName(ReferenceAssemblyBuilder.MetadataName(type));
                if (symbol == null)
                {
                    missing.Add(type.Source + " type " + type.ListingKey);
                    continue;
                }

                if (type.Kind == ApiTypeKind.Delegate)
                {
                    continue;
                }

                foreach (var member in type.Members.Where(m => !skipped.Contains(m.Source)))
                {
                    checkedMembers++;
                    if (!HasMember(symbol, type, member))
                    {
                        missing.Add(member.Source + " " + member);
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "listed but not generated:\n" + string.Join("\n", missing));
        Assert.True(checkedMembers > 3000, "only " + checkedMembers + " members checked");
    }

    [SkippableFact]
    public void GeneratedTypes_PublicMembers_AllComeFromTheListings()
    {
        _nano.RequireListings();

        var compilation = Probe();
        var invented = new List<string>();
        foreach (var assembly in _nano.Catalog!.Assemblies)
        {
            var assemblySymbol = Assembly(compilation, assembly.Name);
            foreach (var type in assembly.Types.Where(t => t.Kind != ApiTypeKind.Delegate))
            {
                var symbol = assemblySymbol.GetTypeByMetadataName(ReferenceAssemblyBuilder.MetadataName(type))!;
                var listedNames = new HashSet<string>(ListedNames(type));
                for (var baseType = BaseOf(type); baseType != null; baseType = BaseOf(baseType))
                {
                    // Overrides of inherited abstract members are synthesized (the real ones are non-public).
                    listedNames.UnionWith(baseType.Members.Where(m => m.Modifiers.Contains("abstract")).Select(m => m.Name));
                }

                foreach (var member in symbol.GetMembers())
                {
                    bool visible = member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;
                    if (!visible || member.IsImplicitlyDeclared || member is INamedTypeSymbol ||
                        member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove })
                    {
                        continue;
                    }

                    string name = member switch
                    {
                        IMethodSymbol { MethodKind: MethodKind.Constructor } => ".ctor",
                        IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } => "operator",
                        IPropertySymbol { IsIndexer: true } => "this",
                        _ => member.Name,
                    };
                    if (!listedNames.Contains(name))
                    {
                        invented.Add(type.ListingKey + "." + member.Name);
                    }
                }
            }
        }

        Assert.True(invented.Count == 0, "public members not in the listings:\n" + string.Join("\n", invented));
    }

    [SkippableFact]
    public void GetOrBuild_SecondCall_ComesFromCache()
    {
        _nano.RequireListings();

        var again = ReferenceAssemblyBuilder.GetOrBuild(_nano.ApiDirectory!, _nano.CacheRoot!);
        Assert.True(again.FromCache);
        Assert.Equal(_nano.Refs.Directory, again.Directory);
        Assert.Equal(_nano.Refs.AssemblyNames, again.AssemblyNames);
    }

    [SkippableFact]
    public void ComputeHash_ListingChanged_HashChanges()
    {
        _nano.RequireListings();

        string copy = Path.Combine(Path.GetTempPath(), "nanocheck-hash-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(copy, "types"));
            foreach (var file in Directory.GetFiles(_nano.ApiDirectory!, "*.txt"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            foreach (var file in Directory.GetFiles(Path.Combine(_nano.ApiDirectory!, "types"), "*.txt"))
            {
                File.Copy(file, Path.Combine(copy, "types", Path.GetFileName(file)));
            }

            string original = ReferenceAssemblyBuilder.ComputeHash(copy);
            Assert.Equal(ReferenceAssemblyBuilder.ComputeHash(_nano.ApiDirectory!), original);
            File.AppendAllText(Path.Combine(copy, "System.Math.txt"), "static System.Math.Tau.get -> double\n");
            Assert.NotEqual(original, ReferenceAssemblyBuilder.ComputeHash(copy));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private ApiType? BaseOf(ApiType type) =>
        type.BaseType == null ? null : _nano.Catalog!.FindTypeForDottedReference(type.BaseType);

    private static IEnumerable<string> ListedNames(ApiType type) =>
        type.Members.Select(m => m.Kind switch
        {
            ApiMemberKind.Constructor => ".ctor",
            ApiMemberKind.Operator or ApiMemberKind.Conversion => "operator",
            ApiMemberKind.Indexer => "this",
            _ => m.Name,
        });

    private static bool HasMember(INamedTypeSymbol symbol, ApiType type, ApiMember member)
    {
        switch (member.Kind)
        {
            case ApiMemberKind.Constructor:
                // A struct's parameterless constructor is the implicit one.
                return (type.Kind == ApiTypeKind.Struct && member.Parameters.Count == 0) ||
                       symbol.InstanceConstructors.Any(c => c.Parameters.Length == member.Parameters.Count && !c.IsImplicitlyDeclared);
            case ApiMemberKind.Operator:
            case ApiMemberKind.Conversion:
                return symbol.GetMembers().OfType<IMethodSymbol>().Any(m =>
                    m.MethodKind is MethodKind.UserDefinedOperator or MethodKind.Conversion && m.Parameters.Length == member.Parameters.Count);
            case ApiMemberKind.Indexer:
                return symbol.GetMembers().OfType<IPropertySymbol>().Any(p => p.IsIndexer && p.Parameters.Length == member.Parameters.Count &&
                                                                             (p.GetMethod != null) == member.HasGetter && (p.SetMethod != null) == member.HasSetter);
            case ApiMemberKind.Property:
                return symbol.GetMembers(member.Name).OfType<IPropertySymbol>().Any(p =>
                    (p.GetMethod != null) == member.HasGetter && (p.SetMethod != null) == member.HasSetter &&
                    p.IsStatic == member.Modifiers.Contains("static"));
            case ApiMemberKind.Method:
                return symbol.GetMembers(member.Name).OfType<IMethodSymbol>().Any(m =>
                    m.Parameters.Length == member.Parameters.Count && m.IsStatic == member.Modifiers.Contains("static"));
            case ApiMemberKind.Event:
                return symbol.GetMembers(member.Name).OfType<IEventSymbol>().Any();
            case ApiMemberKind.Field:
            case ApiMemberKind.Constant:
            case ApiMemberKind.EnumMember:
                return symbol.GetMembers(member.Name).OfType<IFieldSymbol>().Any(f => member.Kind != ApiMemberKind.Constant || f.IsConst);
            default:
                return false;
        }
    }

    /// <summary>"mscorlib: file.txt:12: reason" -> "file.txt:12".</summary>
    private static string SourceOf(string skippedLine)
    {
        var parts = skippedLine.Split(": ");
        return parts.Length > 1 ? parts[1] : skippedLine;
    }
}
