using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CheckpointIoT.NanoCheck.Cli;
using Xunit.Abstractions;

namespace CheckpointIoT.NanoCheck.Tests;

/// <summary>
/// The real firmware/CheckpointIoT.Node.Core.Nano project, built with `dotnet build` on a copy of the core: unchanged it
/// builds; with APIs nanoFramework lacks (string.Join, List&lt;int&gt;) it fails with the compiler's errors at those lines,
/// and with a generic method of our own (which the compiler accepts) with the nanocheck lint's NC1001 at that line.
/// The copy and its obj/bin live in a temp folder (-p:NanoCoreDirectory, -p:NanoBuildDirectory); the project itself was
/// built and restored before the tests (ProjectReference), so the builds here need no restore and no other project.
/// </summary>
public sealed partial class NanoCoreProjectTests : IDisposable
{
    private const string NanoProject = "firmware/CheckpointIoT.Node.Core.Nano/CheckpointIoT.Node.Core.Nano.csproj";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    private readonly ITestOutputHelper _output;
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "nanocore-build-" + Guid.NewGuid().ToString("N"));
    private readonly string _repo;

    public NanoCoreProjectTests(ITestOutputHelper output)
    {
        _output = output;
        _repo = RepoLocator.Find(AppContext.BaseDirectory) ??
                throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        Directory.CreateDirectory(_temp);
    }

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
    }

    [GeneratedRegex(@"\bclass\s+\w+[^{;]*\{")]
    private static partial Regex ClassOpening();

    [Fact]
    public void Build_CoreCopyUsingWhatNanoFrameworkLacks_FailsWithCompilerAndLintErrorsAtThoseLines()
    {
        string core = CopyCore();
        var (cleanExit, cleanOutput) = Build(core);
        Assert.True(cleanExit == 0, "the unchanged copy of the core must build (else the failure below proves nothing):\n" + cleanOutput);
        Assert.True(File.Exists(Path.Combine(_temp, "build", "bin", "CheckpointIoT.Node.Core.Nano.dll")) ||
                    Directory.GetFiles(Path.Combine(_temp, "build", "bin"), "CheckpointIoT.Node.Core.Nano.dll", SearchOption.AllDirectories).Length == 1,
            "no CheckpointIoT.Node.Core.Nano.dll under " + Path.Combine(_temp, "build", "bin"));

        int joinLine = InsertMember(Path.Combine(core, "Wire", "Utf8.cs"),
            "public static string JoinedForTest(string[] parts) { return string.Join(\",\", parts); }");
        int listLine = InsertMember(Path.Combine(core, "Qr", "IdMasking.cs"),
            "public static object ListForTest() { return new System.Collections.Generic.List<int>(); }");
        int genericLine = InsertMember(Path.Combine(core, "Queue", "Crc32.cs"),
            "public static object FirstForTest<T>(object[] items) { return items[0]; }");
        var (exit, output) = Build(core);

        Assert.NotEqual(0, exit);
        string normalized = output.Replace('\\', '/');
        Assert.Matches(new Regex(Regex.Escape("Wire/Utf8.cs(" + joinLine + ",") + @"\d+\): error CS0117: 'string' does not contain a definition for 'Join'"),
            normalized);
        Assert.Matches(new Regex(Regex.Escape("Qr/IdMasking.cs(" + listLine + ",") +
                                 @"\d+\): error CS0234: The type or namespace name 'Generic' does not exist in the namespace 'System.Collections'"),
            normalized);
        Assert.Matches(new Regex(Regex.Escape("Queue/Crc32.cs(" + genericLine + ",") + @"\d+\): error NC1001: generic method 'FirstForTest<T>'"), normalized);
    }

    /// <summary>Copies the core's sources (no bin/obj) to the temp folder; returns the copy's folder.</summary>
    private string CopyCore()
    {
        string source = Path.Combine(_repo, RepoLocator.CoreFolder);
        string target = Path.Combine(_temp, "core");
        foreach (var file in Checking.CoreCheck.CollectSources(source).Select(s => s.Path))
        {
            string relative = Path.GetRelativePath(source, file);
            string destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    /// <summary>Inserts <paramref name="member"/> on its own line right after the first class's opening brace; returns that 1-based line.</summary>
    private static int InsertMember(string file, string member)
    {
        Assert.True(File.Exists(file), "the test mutates a copy of " + file + ", which no longer exists in the core: pick another core file");
        string text = File.ReadAllText(file);
        var match = ClassOpening().Match(text);
        Assert.True(match.Success, "no class declaration in " + file);
        int insertAt = match.Index + match.Length;
        int line = text[..insertAt].Count(c => c == '\n') + 2;
        File.WriteAllText(file, text[..insertAt] + "\n" + member + text[insertAt..]);
        return line;
    }

    private (int Exit, string Output) Build(string coreCopy)
    {
        string configuration = typeof(NanoCoreProjectTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _repo,
        };
        foreach (var arg in new[]
                 {
                     "build", Path.Combine(_repo, NanoProject), "-c", configuration, "-nologo", "-v:minimal", "--no-restore", "-nodeReuse:false",
                     "-p:BuildProjectReferences=false", "-p:NanoCoreDirectory=" + coreCopy + "/", "-p:NanoBuildDirectory=" + Path.Combine(_temp, "build") + "/",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var text = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (text) text.AppendLine(e.Data); };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet build of " + NanoProject + " did not finish within " + BuildTimeout + ":\n" + text);
        }

        process.WaitForExit();
        string output;
        lock (text)
        {
            output = text.ToString();
        }

        _output.WriteLine("exit " + process.ExitCode + " after " + watch.Elapsed.TotalSeconds.ToString("0.0") + " s:\n" + output);
        return (process.ExitCode, output);
    }
}
