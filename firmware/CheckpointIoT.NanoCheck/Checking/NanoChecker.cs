using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>
/// Compiles C# sources against nanoFramework reference assemblies only (no .NET reference at all: NoStdLib) and
/// runs <see cref="NanoLint"/> over them. A full emit is done so that errors the compiler only finds while lowering
/// (a missing helper member of mscorlib) are reported too.
/// </summary>
public static class NanoChecker
{
    /// <summary>What the portable core may reference: mscorlib + StringBuilder/Encoding + Hashtable/Queue/Stack.</summary>
    public static IReadOnlyList<string> CoreReferenceNames { get; } = new[]
    {
        "mscorlib", "nanoFramework.System.Text", "nanoFramework.System.Collections",
    };

    /// <summary>C# version used for the core when nothing else is said (the app's .nfproj decides for the app).</summary>
    public const LanguageVersion DefaultCoreLanguageVersion = LanguageVersion.CSharp12;

    /// <summary>Compiler warnings that only reflect the stub nature of the references, not the code under check.</summary>
    private static readonly HashSet<string> IgnoredWarnings = new(StringComparer.Ordinal)
    {
        "CS8021", // no RuntimeMetadataVersion: irrelevant for a check
    };

    public static CSharpParseOptions ParseOptions(LanguageVersion languageVersion, IEnumerable<string>? defines = null) =>
        new(languageVersion, DocumentationMode.None, SourceCodeKind.Regular, defines ?? Array.Empty<string>());

    /// <summary>Compiles and lints <paramref name="sources"/>; diagnostics are sorted by file and position.</summary>
    public static CheckResult Check(string assemblyName, IReadOnlyList<SourceFile> sources, IEnumerable<MetadataReference> references,
        CheckOptions options)
    {
        var watch = Stopwatch.StartNew();
        var compilation = CreateCompilation(assemblyName, sources, references, options);
        var diagnostics = new List<CheckDiagnostic>();

        if (options.Compile)
        {
            using var peStream = new MemoryStream();
            var result = compilation.Emit(peStream);
            diagnostics.AddRange(result.Diagnostics
                .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning && !IgnoredWarnings.Contains(d.Id))
                .Select(ToCheckDiagnostic));
        }

        if (options.Lint)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                diagnostics.AddRange(NanoLint.Run(compilation.GetSemanticModel(tree)));
            }
        }

        if (options.AfterCompile != null)
        {
            diagnostics.AddRange(options.AfterCompile(compilation, diagnostics.ToList()).ToList());
        }

        var sorted = diagnostics
            .Distinct()
            .OrderBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        return new CheckResult(sources.Count, sorted, watch.Elapsed);
    }

    public static CSharpCompilation CreateCompilation(string assemblyName, IReadOnlyList<SourceFile> sources,
        IEnumerable<MetadataReference> references, CheckOptions options)
    {
        var parseOptions = ParseOptions(options.LanguageVersion, options.Defines);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path)).ToList();
        var compilationOptions = new CSharpCompilationOptions(options.OutputKind,
            nullableContextOptions: options.Nullable,
            allowUnsafe: options.AllowUnsafe,
            optimizationLevel: OptimizationLevel.Release,
            deterministic: true,
            warningLevel: 4);
        return CSharpCompilation.Create(assemblyName, trees, references, compilationOptions);
    }

    public static CheckDiagnostic ToCheckDiagnostic(Diagnostic d)
    {
        if (!d.Location.IsInSource)
        {
            return new CheckDiagnostic("", 0, 0, d.Severity == DiagnosticSeverity.Error, d.Id, d.GetMessage());
        }

        var span = d.Location.GetLineSpan();
        return new CheckDiagnostic(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            d.Severity == DiagnosticSeverity.Error, d.Id, d.GetMessage());
    }
}
