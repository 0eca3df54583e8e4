using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>How to compile the sources under check.</summary>
public sealed class CheckOptions
{
    public LanguageVersion LanguageVersion { get; init; } = NanoChecker.DefaultCoreLanguageVersion;

    public OutputKind OutputKind { get; init; } = OutputKind.DynamicallyLinkedLibrary;

    public IReadOnlyList<string> Defines { get; init; } = Array.Empty<string>();

    public NullableContextOptions Nullable { get; init; } = NullableContextOptions.Disable;

    public bool AllowUnsafe { get; init; }

    /// <summary>
    /// Report the compiler's errors and warnings (a full emit; default true). False = lint only: the build of
    /// firmware/CheckpointIoT.Node.Core.Nano compiles the core itself and runs only the lint through nanocheck.
    /// </summary>
    public bool Compile { get; init; } = true;

    /// <summary>Run <see cref="NanoLint"/> (default true).</summary>
    public bool Lint { get; init; } = true;

    /// <summary>Extra checks that need the finished compilation and its diagnostics (e.g. a reference-subset compile).</summary>
    public Func<CSharpCompilation, IReadOnlyList<CheckDiagnostic>, IEnumerable<CheckDiagnostic>>? AfterCompile { get; init; }
}
