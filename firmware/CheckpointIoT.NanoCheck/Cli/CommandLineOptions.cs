using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointIoT.NanoCheck.Cli;

/// <summary>Parsed command line: <c>nanocheck &lt;verb&gt; [options]</c>.</summary>
public sealed class CommandLineOptions
{
    public static readonly string[] Verbs = { "check", "check-core", "check-app", "refs", "core-refs" };

    public string? Verb { get; private set; }

    public bool Help { get; private set; }

    public string? ApiDirectory { get; private set; }

    public string? RepoRoot { get; private set; }

    public string? CoreDirectory { get; private set; }

    public string? AppDirectory { get; private set; }

    public string? CacheRoot { get; private set; }

    public string? MscorlibFile { get; private set; }

    public string? CoreApiDirectory { get; private set; }

    public string? OutputDirectory { get; private set; }

    public bool Require { get; private set; }

    public bool LintOnly { get; private set; }

    public LanguageVersion? LanguageVersion { get; private set; }

    public List<string> Defines { get; } = new();

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> on a usage error.</summary>
    public static CommandLineOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new CommandLineOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? Value()
            {
                if (i + 1 >= args.Count)
                {
                    return null;
                }

                i++;
                return args[i];
            }

            switch (arg)
            {
                case "-h":
                case "--help":
                case "-?":
                    options.Help = true;
                    break;
                case "--require":
                    options.Require = true;
                    break;
                case "--lint-only":
                    options.LintOnly = true;
                    break;
                case "--api":
                case "--repo":
                case "--core":
                case "--app":
                case "--cache":
                case "--langversion":
                case "--define":
                case "--mscorlib":
                case "--core-api":
                case "--out":
                {
                    string? value = Value();
                    if (value == null)
                    {
                        error = arg + " needs a value";
                        return null;
                    }

                    switch (arg)
                    {
                        case "--api": options.ApiDirectory = value; break;
                        case "--repo": options.RepoRoot = value; break;
                        case "--core": options.CoreDirectory = value; break;
                        case "--app": options.AppDirectory = value; break;
                        case "--cache": options.CacheRoot = value; break;
                        case "--mscorlib": options.MscorlibFile = value; break;
                        case "--core-api": options.CoreApiDirectory = value; break;
                        case "--out": options.OutputDirectory = value; break;
                        case "--define": options.Defines.AddRange(value.Split(';', StringSplitOptions.RemoveEmptyEntries)); break;
                        default:
                            if (!LanguageVersionFacts.TryParse(value, out var version))
                            {
                                error = "unknown C# language version '" + value + "'";
                                return null;
                            }

                            options.LanguageVersion = version;
                            break;
                    }

                    break;
                }

                default:
                    if (arg.StartsWith('-'))
                    {
                        error = "unknown option " + arg;
                        return null;
                    }

                    if (options.Verb != null)
                    {
                        error = "unexpected argument " + arg;
                        return null;
                    }

                    if (arg == "help")
                    {
                        options.Help = true;
                        break;
                    }

                    if (!Verbs.Contains(arg))
                    {
                        error = "unknown verb " + arg + " (expected one of: " + string.Join(", ", Verbs) + ")";
                        return null;
                    }

                    options.Verb = arg;
                    break;
            }
        }

        return options;
    }
}
