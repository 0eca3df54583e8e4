using CheckpointIoT.NanoCheck.Checking;

namespace CheckpointIoT.NanoCheck.Cli;

/// <summary>--help texts, general and per verb.</summary>
public static class HelpText
{
    private const string CommonOptions = """
        Options:
          --mscorlib <file>    the real nanoFramework mscorlib.dll (default: env NANOFRAMEWORK_MSCORLIB, else the copy of
                               nanoFramework.CoreLibrary's lib/mscorlib.dll that the nanocheck build puts next to nanocheck.dll)
          --core-api <dir>     listings of the core's other libraries, System.Text and System.Collections
                               (default: <repo>/firmware/CheckpointIoT.Node.Core.Nano/api)
          --api <dir>          nanoframework-api listings of the libraries NuGet does not serve, for check-app and refs
                               (default: env NANOFRAMEWORK_API_DIR, else the first shared/nanoframework-api walking up from
                               the current folder, i.e. ../shared next to the repo)
          --require            fail with exit code 3 when the --api listings are missing (default: print SKIPPED, exit 0)
          --repo <dir>         repository root (default: walk up to the folder holding firmware/CheckpointIoT.Node.Core)
          --cache <dir>        reference-assembly cache root (default: <repo>/artifacts/nanoref)
          -h, --help           this help

        Exit codes: 0 passed or skipped, 1 check found errors, 2 usage error, 3 listings missing with --require,
                    4 mscorlib.dll missing or reference assemblies could not be generated.
        """;

    public static string For(string? verb) => verb switch
    {
        "check-core" => """
            nanocheck check-core [options]

            Compiles every .cs under firmware/CheckpointIoT.Node.Core (bin/ obj/ excluded) as a library against the real
            nanoFramework mscorlib.dll (NuGet) + nanoFramework.System.Text + nanoFramework.System.Collections generated
            from --core-api only (no .NET reference at all), then lints for what the compiler accepts but the device
            rejects. Needs nothing outside the repository (no ../shared).

              --core <dir>         core folder (default: <repo>/firmware/CheckpointIoT.Node.Core)
              --langversion <v>    C# version (default 12)
              --define <SYM>       preprocessor symbol (repeatable; none by default, like a Release device build)
              --lint-only          report only the lint (NC1xxx), not the compiler's errors (the Node.Core.Nano build,
                                   which compiles the core itself, uses this)

            """ + Environment.NewLine + CommonOptions + Environment.NewLine + Environment.NewLine + LintRules(),
        "check-app" => """
            nanocheck check-app [options]

            Compiles the ESP32 app (firmware/CheckpointIoT.Node.Esp32) as its .nfproj describes it (Compile items, the
            linked core sources included; LangVersion, else 9.0, the nanoFramework project-system default) against the
            real mscorlib + ALL reference assemblies generated from --api (../shared), lints it, checks packages.config versions against the listings README,
            HintPath versions against packages.config, and that the code also compiles with only the .nfproj's references.
            Prints a message and exits 0 while the app folder does not exist yet.

              --app <dir>          app folder (default: <repo>/firmware/CheckpointIoT.Node.Esp32)
              --core <dir>         core folder (used when the app has no .nfproj yet)
              --langversion <v>    override the .nfproj's C# version

            """ + Environment.NewLine + CommonOptions + Environment.NewLine,
        "check" => """
            nanocheck check [options]

            check-core, then check-app. Accepts the options of both.

            """ + Environment.NewLine + CommonOptions + Environment.NewLine,
        "refs" => """
            nanocheck refs [options]

            Generates (or finds in the cache) the reference assemblies of every --api listing (mscorlib.txt excepted:
            the real mscorlib is used), compiled against the real mscorlib, and prints where they are, with the listing
            lines that could not be expressed (skipped.txt).

            """ + Environment.NewLine + CommonOptions + Environment.NewLine,
        "core-refs" => """
            nanocheck core-refs [options]

            Generates (or finds in the cache) the core's references: nanoFramework.System.Text and
            nanoFramework.System.Collections from --core-api, compiled against the real mscorlib. Used by the build of
            firmware/CheckpointIoT.Node.Core.Nano. --require is accepted and has no effect (no ../shared needed).

              --out <dir>          also copy the two generated assemblies into <dir>

            """ + Environment.NewLine + CommonOptions + Environment.NewLine,
        _ => """
            nanocheck - nanoFramework conformance checks for CheckpointIoT

            Usage: nanocheck <verb> [options]      (dotnet run --project firmware/CheckpointIoT.NanoCheck -- check)

            Verbs:
              check        check-core, then check-app
              check-core   compile + lint the portable core against the real mscorlib + System.Text/System.Collections
              check-app    compile + lint the ESP32 app against the real mscorlib + all listed libraries; package versions
              refs         generate the app's reference assemblies only and print where they are
              core-refs    generate the core's System.Text/System.Collections references (--out <dir> to copy them)

            Run 'nanocheck <verb> --help' for the verb's options.

            """ + Environment.NewLine + CommonOptions + Environment.NewLine,
    };

    private static string LintRules() =>
        "Lint rules:" + Environment.NewLine +
        string.Join(Environment.NewLine, NanoLint.Rules.Select(r => "  " + r.Code + "  " + r.Rule)) + Environment.NewLine;
}
