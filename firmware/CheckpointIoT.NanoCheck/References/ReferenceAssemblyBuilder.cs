using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CheckpointIoT.NanoCheck.Api;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace CheckpointIoT.NanoCheck.References;

/// <summary>
/// Turns a nanoframework-api folder into reference assemblies: parse the listings, write C# stubs per assembly,
/// compile them with Roslyn in dependency order (mscorlib as the core library, without any .NET reference), and
/// cache the result under a hash of the listing files.
/// </summary>
public static partial class ReferenceAssemblyBuilder
{
    /// <summary>Bump when the generator changes what it writes, so old caches are not reused.</summary>
    public const string GeneratorVersion = "nanocheck-stubs-1";

    private const int MaxFixRounds = 16;

    private static readonly HashSet<string> OverrideProblems = new(StringComparer.Ordinal)
    {
        "CS0115", "CS0505", "CS0506", "CS0507", "CS0508", "CS0544", "CS0545", "CS0546", "CS1715", "CS0239",
    };

    private static readonly HashSet<string> MissingImplementationProblems = new(StringComparer.Ordinal)
    {
        "CS0534", "CS0535", "CS0536", "CS0737", "CS0738",
    };

    [GeneratedRegex(@"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")]
    private static partial Regex DottedName();

    /// <summary>The core library's assembly name: the real one (from NuGet) or the one generated from mscorlib.txt.</summary>
    public const string CoreLibraryName = "mscorlib";

    /// <summary>
    /// Hash of the generator version, every listing/types file (name and content), the stub sources written from them
    /// and, when given, the bytes of the real mscorlib.dll the stubs are compiled against.
    /// </summary>
    public static string ComputeHash(string apiDirectory, string? coreLibraryPath = null)
    {
        using var sha = SHA256.Create();
        var files = ApiListingParser.ListingFiles(apiDirectory)
            .Concat(System.IO.Directory.Exists(Path.Combine(apiDirectory, "types"))
                ? System.IO.Directory.GetFiles(Path.Combine(apiDirectory, "types"), "*.txt").OrderBy(f => f, StringComparer.Ordinal)
                : Enumerable.Empty<string>());
        var buffer = new MemoryStream();
        void Add(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\n");
            buffer.Write(bytes, 0, bytes.Length);
        }

        Add(GeneratorVersion);
        if (coreLibraryPath != null)
        {
            Add("core library " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(coreLibraryPath))));
        }

        // The first-round stub sources: a change to the parser or the writer changes the key by itself
        // (changes to the compile/fix-up loop need a GeneratorVersion bump).
        var catalog = ApiListingParser.Load(apiDirectory);
        var names = catalog.Assemblies.Select(a => a.Name).ToList();
        foreach (var assembly in catalog.Assemblies)
        {
            Add(new StubSourceWriter(assembly, names.Where(n => n != assembly.Name).ToList(), new StubAdjustments()).Write().Text);
        }
        foreach (var file in files)
        {
            Add(Path.GetRelativePath(apiDirectory, file).Replace('\\', '/'));
            var content = File.ReadAllBytes(file);
            buffer.Write(content, 0, content.Length);
        }

        return Convert.ToHexString(sha.ComputeHash(buffer.ToArray()))[..16].ToLowerInvariant();
    }

    /// <summary>
    /// Returns the cached set for the listings in <paramref name="apiDirectory"/>, building it if needed. With
    /// <paramref name="coreLibraryPath"/> (the real nanoFramework mscorlib.dll from the nanoFramework.CoreLibrary package)
    /// that file is the set's mscorlib, a listing named mscorlib is not compiled, and every other listing is compiled
    /// against the real one; without it mscorlib too is generated from its listing.
    /// </summary>
    public static ReferenceAssemblySet GetOrBuild(string apiDirectory, string cacheRoot, string? coreLibraryPath = null)
    {
        var watch = Stopwatch.StartNew();
        string hash = ComputeHash(apiDirectory, coreLibraryPath);
        string final = Path.Combine(cacheRoot, hash);
        var cached = TryLoad(final, watch);
        if (cached != null)
        {
            return cached;
        }

        System.IO.Directory.CreateDirectory(cacheRoot);
        string temp = Path.Combine(cacheRoot, hash + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var catalog = ApiListingParser.Load(apiDirectory);
            BuildInto(catalog, temp, coreLibraryPath);
            try
            {
                System.IO.Directory.Move(temp, final);
            }
            catch (IOException) when (System.IO.Directory.Exists(final))
            {
                // Another process finished the same build first; use its result.
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(temp))
            {
                System.IO.Directory.Delete(temp, recursive: true);
            }
        }

        Prune(cacheRoot, keep: final);
        var built = TryLoad(final, watch) ?? throw new InvalidOperationException("reference assemblies missing after build in " + final);
        return new ReferenceAssemblySet(built.Directory, built.AssemblyNames, built.Skipped, fromCache: false, watch.Elapsed);
    }

    /// <summary>Keeps the cache small: the newest few generations stay, older ones (other listings or generator builds) go.</summary>
    private static void Prune(string cacheRoot, string keep)
    {
        const int Keep = 4;
        try
        {
            var old = new DirectoryInfo(cacheRoot).GetDirectories()
                .Where(d => !d.Name.Contains(".tmp-", StringComparison.Ordinal) && d.FullName != Path.GetFullPath(keep))
                .OrderByDescending(d => d.LastWriteTimeUtc)
                .Skip(Keep - 1);
            foreach (var dir in old)
            {
                dir.Delete(recursive: true);
            }
        }
        catch (IOException)
        {
            // Another process may be using or pruning it; pruning is best effort.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static ReferenceAssemblySet? TryLoad(string directory, Stopwatch watch)
    {
        string order = Path.Combine(directory, "order.txt");
        if (!File.Exists(order))
        {
            return null;
        }

        var names = File.ReadAllLines(order).Where(l => l.Length > 0).ToList();
        if (names.Any(n => !File.Exists(Path.Combine(directory, n + ".dll"))))
        {
            return null;
        }

        string skippedFile = Path.Combine(directory, "skipped.txt");
        var skipped = File.Exists(skippedFile) ? File.ReadAllLines(skippedFile).Where(l => l.Length > 0).ToList() : new List<string>();
        return new ReferenceAssemblySet(directory, names, skipped, fromCache: true, watch.Elapsed);
    }

    /// <summary>
    /// Generates and compiles every assembly of <paramref name="catalog"/> into <paramref name="outputDirectory"/>; with
    /// <paramref name="coreLibraryPath"/> the real mscorlib.dll is copied in instead of generating one (see <see cref="GetOrBuild"/>).
    /// </summary>
    public static void BuildInto(ApiCatalog catalog, string outputDirectory, string? coreLibraryPath = null)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(outputDirectory, "src"));
        var generated = catalog.Assemblies.Where(a => coreLibraryPath == null || a.Name != CoreLibraryName).ToList();
        var dependencies = generated.ToDictionary(a => a.Name, a => DependenciesOf(catalog, a), StringComparer.Ordinal);
        var order = DependencyOrder(catalog, generated, dependencies);
        var images = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        var skipped = new List<string>();
        var names = catalog.Assemblies.Select(a => a.Name).Append(CoreLibraryName).Distinct(StringComparer.Ordinal).ToList();
        string sourceNote = "generated by " + GeneratorVersion + " from " + catalog.Directory + "\n";
        var written = new List<string>();
        if (coreLibraryPath != null)
        {
            var image = File.ReadAllBytes(coreLibraryPath);
            images[CoreLibraryName] = MetadataReference.CreateFromImage(image);
            File.WriteAllBytes(Path.Combine(outputDirectory, CoreLibraryName + ".dll"), image);
            written.Add(CoreLibraryName);
            sourceNote += CoreLibraryName + ".dll: copied from " + coreLibraryPath + " (the real nanoFramework mscorlib; every stub is compiled against it)\n";
        }

        foreach (var assembly in order)
        {
            var references = Closure(assembly.Name, dependencies).Select(n => images[n]).ToList();
            var friends = names.Where(n => n != assembly.Name).ToList();
            var (image, source, adjustments) = Compile(assembly, friends, references);
            images[assembly.Name] = MetadataReference.CreateFromImage(image);
            File.WriteAllBytes(Path.Combine(outputDirectory, assembly.Name + ".dll"), image);
            File.WriteAllText(Path.Combine(outputDirectory, "src", assembly.Name + ".cs"), source);
            skipped.AddRange(assembly.Skipped.Select(s => assembly.Name + ": " + s));
            skipped.AddRange(adjustments.Describe().Select(s => assembly.Name + ": " + s));
        }

        File.WriteAllLines(Path.Combine(outputDirectory, "skipped.txt"), skipped);
        File.WriteAllText(Path.Combine(outputDirectory, "source.txt"), sourceNote);
        File.WriteAllLines(Path.Combine(outputDirectory, "order.txt"), written.Concat(order.Select(a => a.Name)));
    }

    /// <summary>Assemblies whose types appear in <paramref name="assembly"/>'s shapes and signatures (mscorlib always).</summary>
    public static IReadOnlySet<string> DependenciesOf(ApiCatalog catalog, ApiAssembly assembly)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (!StubSourceWriter.IsCoreLibrary(assembly))
        {
            result.Add("mscorlib");
        }

        foreach (var text in TypeTexts(assembly))
        {
            foreach (Match match in DottedName().Matches(text))
            {
                var type = catalog.FindTypeForDottedReference(match.Value);
                if (type != null && type.Assembly != assembly.Name)
                {
                    result.Add(type.Assembly);
                }
            }
        }

        return result;
    }

    private static IEnumerable<string> TypeTexts(ApiAssembly assembly)
    {
        foreach (var type in assembly.Types)
        {
            if (type.BaseType != null)
            {
                yield return type.BaseType;
            }

            foreach (var text in type.Interfaces.Concat(type.Attributes))
            {
                yield return text;
            }

            foreach (var member in type.Members)
            {
                yield return member.Type;
                yield return member.Name;
                if (member.Value != null)
                {
                    yield return member.Value;
                }

                foreach (var parameter in member.Parameters)
                {
                    yield return parameter.Type;
                    if (parameter.DefaultValue != null)
                    {
                        yield return parameter.DefaultValue;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The assemblies to generate, each after the ones it uses. A dependency that is not generated (the real mscorlib)
    /// is not visited.
    /// </summary>
    private static List<ApiAssembly> DependencyOrder(ApiCatalog catalog, IReadOnlyList<ApiAssembly> generated,
        Dictionary<string, IReadOnlySet<string>> dependencies)
    {
        var order = new List<ApiAssembly>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(string name, string path)
        {
            state.TryGetValue(name, out int s);
            if (s == 2 || !dependencies.ContainsKey(name))
            {
                return;
            }

            if (s == 1)
            {
                throw new InvalidOperationException("circular assembly dependency in the listings: " + path + " -> " + name);
            }

            state[name] = 1;
            foreach (var dependency in dependencies[name].OrderBy(d => d, StringComparer.Ordinal))
            {
                Visit(dependency, path + " -> " + name);
            }

            state[name] = 2;
            order.Add(catalog.FindAssembly(name)!);
        }

        foreach (var assembly in generated.OrderBy(a => a.Name == CoreLibraryName ? 0 : 1).ThenBy(a => a.Name, StringComparer.Ordinal))
        {
            Visit(assembly.Name, "");
        }

        return order;
    }

    private static IEnumerable<string> Closure(string name, Dictionary<string, IReadOnlySet<string>> dependencies)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(dependencies[name]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (seen.Add(next) && dependencies.TryGetValue(next, out var further))
            {
                foreach (var d in further)
                {
                    stack.Push(d);
                }
            }
        }

        return seen.OrderBy(n => n, StringComparer.Ordinal);
    }

    private static (byte[] Image, string Source, StubAdjustments Adjustments) Compile(ApiAssembly assembly,
        IReadOnlyList<string> friends, IReadOnlyList<MetadataReference> references)
    {
        var adjustments = new StubAdjustments();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: true, deterministic: true);
        List<Diagnostic> errors = new();
        string lastSource = "";
        for (int round = 0; round < MaxFixRounds; round++)
        {
            var source = new StubSourceWriter(assembly, friends, adjustments).Write();
            lastSource = source.Text;
            var tree = CSharpSyntaxTree.ParseText(source.Text, parseOptions, path: assembly.Name + ".cs");
            var compilation = CSharpCompilation.Create(assembly.Name, new[] { tree }, references, options);
            errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count == 0)
            {
                using var stream = new MemoryStream();
                var result = compilation.Emit(stream, options: new EmitOptions(metadataOnly: true));
                errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (result.Success)
                {
                    return (stream.ToArray(), source.Text, adjustments);
                }
            }

            bool changed = false;
            if (errors.Any(e => MissingImplementationProblems.Contains(e.Id)))
            {
                changed = AddMissingImplementations(compilation, assembly, adjustments);
            }

            if (!changed)
            {
                changed = FixByLocation(errors, source, adjustments);
            }

            if (!changed)
            {
                break;
            }
        }

        string dump = Path.Combine(Path.GetTempPath(), "nanocheck-failed-" + assembly.Name + ".cs");
        File.WriteAllText(dump, lastSource);
        throw new InvalidOperationException("cannot generate a reference assembly for " + assembly.Name + " (source: " + dump + "; changes so far:\n  " +
            string.Join("\n  ", adjustments.Describe()) + ")\n  " +
            string.Join("\n  ", errors.Take(20).Select(e => e.ToString())));
    }

    private static bool FixByLocation(List<Diagnostic> errors, StubSource source, StubAdjustments adjustments)
    {
        bool changed = false;
        foreach (var error in errors)
        {
            if (!error.Location.IsInSource)
            {
                continue;
            }

            var span = error.Location.SourceSpan;
            var hit = source.Members.FirstOrDefault(m => m.Span.Contains(span.Start));
            if (hit.Member != null)
            {
                string reason = error.Id + " " + error.GetMessage();
                if (OverrideProblems.Contains(error.Id) && hit.Member.Modifiers.Contains("override") &&
                    !adjustments.OverrideRemoved.ContainsKey(hit.Member))
                {
                    adjustments.OverrideRemoved[hit.Member] = reason;
                    changed = true;
                }
                else if (!adjustments.DroppedMembers.ContainsKey(hit.Member))
                {
                    adjustments.DroppedMembers[hit.Member] = reason;
                    changed = true;
                }

                continue;
            }

            var baseHit = source.Bases.FirstOrDefault(b => b.Span.Contains(span.Start));
            if (baseHit.Type != null && !adjustments.DroppedBases.ContainsKey((baseHit.Type, baseHit.Base)))
            {
                adjustments.DroppedBases[(baseHit.Type, baseHit.Base)] = error.Id + " " + error.GetMessage();
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>
    /// Adds explicit implementations for interface members the listed public members do not implement (the real
    /// types implement them explicitly, which PublicAPI listings do not show), and overrides for inherited abstract
    /// members a concrete class does not list.
    /// </summary>
    private static bool AddMissingImplementations(CSharpCompilation compilation, ApiAssembly assembly, StubAdjustments adjustments)
    {
        bool changed = false;
        foreach (var type in assembly.Types.Where(t => t.Kind is ApiTypeKind.Class or ApiTypeKind.Struct))
        {
            var symbol = compilation.Assembly.GetTypeByMetadataName(MetadataName(type));
            if (symbol == null)
            {
                continue;
            }

            foreach (var iface in symbol.AllInterfaces)
            {
                foreach (var member in iface.GetMembers())
                {
                    if (member.IsStatic || member is IMethodSymbol { MethodKind: not MethodKind.Ordinary })
                    {
                        continue;
                    }

                    if (symbol.FindImplementationForInterfaceMember(member) != null)
                    {
                        continue;
                    }

                    var text = StubMemberText.ExplicitImplementation(member, iface);
                    if (text != null && adjustments.AddExtra(type, text))
                    {
                        changed = true;
                    }
                }
            }

            if (symbol.IsAbstract)
            {
                continue;
            }

            for (var baseType = symbol.BaseType; baseType != null; baseType = baseType.BaseType)
            {
                foreach (var member in baseType.GetMembers())
                {
                    if (!member.IsAbstract || member is IMethodSymbol { MethodKind: not MethodKind.Ordinary } || IsOverridden(symbol, baseType, member))
                    {
                        continue;
                    }

                    var text = StubMemberText.AbstractOverride(member);
                    if (text != null && adjustments.AddExtra(type, text))
                    {
                        changed = true;
                    }
                }
            }
        }

        return changed;
    }

    private static bool IsOverridden(INamedTypeSymbol type, INamedTypeSymbol declaringBase, ISymbol member)
    {
        for (var t = type; t != null && !SymbolEqualityComparer.Default.Equals(t, declaringBase); t = t.BaseType)
        {
            foreach (var candidate in t.GetMembers(member.Name))
            {
                for (ISymbol? o = Overridden(candidate); o != null; o = Overridden(o))
                {
                    if (SymbolEqualityComparer.Default.Equals(o, member))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        IEventSymbol e => e.OverriddenEvent,
        _ => null,
    };

    /// <summary>CLR metadata name: "Ns.Outer+Inner`1".</summary>
    public static string MetadataName(ApiType type)
    {
        string own = type.Name + (type.Arity > 0 ? "`" + type.Arity : "");
        if (type.DeclaringType != null)
        {
            return MetadataName(type.DeclaringType) + "+" + own;
        }

        return type.Namespace.Length == 0 ? own : type.Namespace + "." + own;
    }
}
