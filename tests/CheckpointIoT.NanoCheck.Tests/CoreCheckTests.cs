using CheckpointIoT.NanoCheck.Checking;
using CheckpointIoT.NanoCheck.Cli;
using Xunit.Abstractions;

namespace CheckpointIoT.NanoCheck.Tests;

[Collection(NanoCollection.Name)]
public sealed class CoreCheckTests
{
    private const string ValidCore = """
        using System;
        using System.Collections;
        using System.Diagnostics;
        using System.Text;

        namespace Snippet.Queue
        {
            public delegate void ItemHandler(object sender, string item);

            public interface IClock
            {
                long NowMs { get; }
            }

            public enum Mode
            {
                Idle = 0,
                Busy = 1,
            }

            public sealed class ItemQueue
            {
                private readonly ArrayList _items = new ArrayList();
                private readonly Hashtable _seen = new Hashtable();
                private readonly object _lock = new object();
                private Mode _mode;

                public event ItemHandler Added;
                public event EventHandler Changed;

                public int Count { get { return _items.Count; } }

                public bool Add(string item)
                {
                    if (item == null) throw new ArgumentNullException("item");
                    lock (_lock)
                    {
                        if (_seen.Contains(item)) return false;
                        _seen.Add(item, true);
                        _items.Add(item);
                        _mode = Mode.Busy;
                    }

                    var added = Added;
                    if (added != null) added(this, item);
                    var changed = Changed;
                    if (changed != null) changed(this, EventArgs.Empty);
                    Debug.WriteLine("added " + item.Length);
                    return true;
                }

                public string Describe(long nowMs)
                {
                    var sb = new StringBuilder();
                    foreach (string item in _items)
                    {
                        sb.Append(item).Append(';');
                    }

                    string[] parts = sb.ToString().Split(';');
                    TimeSpan age = TimeSpan.FromMilliseconds(nowMs);
                    return $"{parts.Length} items, mode {_mode}, age {age.Ticks}";
                }

                public static int Classify(string code)
                {
                    switch (code)
                    {
                        case "QR": return 1;
                        case "ID": return 2;
                        case "BLE": return 3;
                        case "PASS": return 4;
                        case "FAIL": return 5;
                        case "TEST": return 6;
                        case "NONE": return 7;
                        default: return code.StartsWith("X") ? 8 : 0;
                    }
                }

                public static int Sum(byte[] buffer, int offset, int count)
                {
                    int total = 0;
                    for (int i = offset; i < offset + count; i++) total += buffer[i];
                    byte[] copy = new byte[count];
                    Array.Copy(buffer, offset, copy, 0, count);
                    return total + Encoding.UTF8.GetBytes("ok").Length + copy.Length;
                }

                public static bool TryParseId(string text, out int id)
                {
                    id = 0;
                    if (text == null || text.Length == 0 || text.IndexOf(' ') >= 0) return false;
                    return int.TryParse(text.Trim(), out id);
                }

                public static long Now()
                {
                    return (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
                }
            }
        }
        """;

    private readonly NanoApiFixture _nano;
    private readonly ITestOutputHelper _output;

    public CoreCheckTests(NanoApiFixture nano, ITestOutputHelper output)
    {
        _nano = nano;
        _output = output;
    }

    private void Show(CheckResult result)
    {
        foreach (var d in result.Diagnostics)
        {
            _output.WriteLine(d.ToString());
        }
    }

    [Fact]
    public void Check_ValidCoreStyleSnippet_NoErrors()
    {
        var result = _nano.CheckCore(ValidCore);
        Show(result);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("string.Join(\",\", new string[] { \"a\" })", "CS0117")]
    [InlineData("\"a\".Replace(\"a\", \"b\")", "CS1061")]
    [InlineData("new System.Collections.Generic.List<int>()", "CS0234")]
    [InlineData("Array.Empty<int>()", "CS0117")]
    [InlineData("string.IsNullOrWhiteSpace(\"a\")", "CS0117")]
    [InlineData("\"ab\".StartsWith(\"a\", StringComparison.Ordinal)", "CS0103")]
    [InlineData("TimeSpan.FromSeconds(1.5)", "CS1503")]
    [InlineData("DateTime.Now", "CS0117")]
    [InlineData("System.Text.Encoding.ASCII", "CS0117")]
    [InlineData("new System.Collections.Generic.KeyNotFoundException()", "CS0234")]
    [InlineData("BitConverter.ToInt32(new byte[4], 0) + BitConverter.ToInt32(new byte[4])", "CS7036")]
    [InlineData("Math.Max(1, 2)", "CS0103")]
    [InlineData("new ArgumentOutOfRangeException(\"p\", 3, \"m\")", "CS1729")]
    public void Check_MemberMissingOnNanoFramework_FailsWithCompilerError(string expression, string expectedCode)
    {
        string source = "using System;\nnamespace Snippet\n{\n    public static class Probe\n    {\n        public static object Run()\n        {\n            return " +
                        expression + ";\n        }\n    }\n}\n";
        var result = _nano.CheckCore(source);
        Show(result);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, d => d.Code == expectedCode && d.Line == 8 && d.Path == "Snippet.cs");
    }

    [Theory]
    [InlineData("public class Box<T> { public T Value; }", "NC1001")]
    [InlineData("public class C { public static T Echo<T>(T value) { return value; } }", "NC1001")]
    [InlineData("public class C { private int[,] _grid = new int[2, 3]; public int Get() { return _grid[0, 0]; } }", "NC1003")]
    [InlineData("public class C { public void Run() { System.Action<int> a = x => { }; a(1); } }", "NC1002")]
    [InlineData("public class C { public void Run() { var f = (int x) => x + 1; } }", "NC1002")]
    [InlineData("public class C { public decimal Price; }", "NC1004")]
    [InlineData("public class C { public async void Run() { } }", "NC1005")]
    [InlineData("public class C { public System.Collections.IEnumerable Items() { yield return 1; } }", "NC1006")]
    [InlineData("public class C { public object Q(int[] xs) { return from x in xs select x; } }", "NC1007")]
    [InlineData("public class C { public int? Maybe; }", "NC1008")]
    [InlineData("public class C { public (int, int) Pair() { return (1, 2); } }", "NC1009")]
    [InlineData("public record Point(int X, int Y);", "NC1010")]
    [InlineData("public class C { public int Run() { var s = stackalloc int[4]; return s[0]; } }", "NC1011")]
    [InlineData("public class C { public dynamic Value; }", "NC1012")]
    [InlineData("public unsafe class C { public int* P; }", "NC1013")]
    [InlineData("public class C { public string F(int x) { return $\"{x:X2}\"; } }", "NC1014")]
    [InlineData("public class C { public string F(int x) { return $\"{x,6}\"; } }", "NC1014")]
    [InlineData("public class C { public string F(string s) { return s[1..]; } }", "NC1015")]
    [InlineData("public class C { public int F(int[] a) { return a[^1]; } }", "NC1015")]
    [InlineData("public ref struct R { public int X; }", "NC1015")]
    [InlineData("public class C { public int F(int a, int b) { return checked(a + b); } }", "NC1016")]
    [InlineData("public interface I { int F() { return 1; } }", "NC1017")]
    public void Check_ConstructDeviceRejects_FailsWithLintCode(string declaration, string expectedCode)
    {
        string source = "using System;\nnamespace Snippet\n{\n" + declaration + "\n}\n";
        var result = _nano.CheckCore(source);
        Show(result);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, d => d.Code == expectedCode && d.Line == 4);
    }

    [Fact]
    public void Check_PlainInterpolationAndJaggedArray_Pass()
    {
        const string source = """
            namespace Snippet
            {
                public static class Text
                {
                    public static string Line(string name, int count)
                    {
                        int[][] rows = new int[2][];
                        rows[0] = new int[] { count };
                        return $"{name}: {rows[0][0]} ({count.ToString("X2")})";
                    }
                }
            }
            """;
        var result = _nano.CheckCore(source);
        Show(result);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Check_CoreReferencesOnly_AppApisAreNotVisible()
    {
        const string source = """
            namespace Snippet
            {
                public static class Leaky
                {
                    public static object Open() { return new System.IO.Ports.SerialPort("COM2", 115200); }
                }
            }
            """;
        var result = _nano.CheckCore(source);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, d => d.Code == "CS0234");
    }

    [Fact]
    public void CoreCheck_RealCoreFolder_NoErrors()
    {
        string core = Path.Combine(_nano.RepoRoot, RepoLocator.CoreFolder);
        var result = CoreCheck.Run(core, _nano.CoreRefs);
        Show(result);
        Assert.True(result.FileCount > 0, "no .cs files under " + core);
        Assert.True(result.Succeeded, "the portable core does not compile for nanoFramework:\n" + string.Join("\n", result.Errors));
    }

    [Fact]
    public void CollectSources_BinAndObjFolders_Excluded()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nanocheck-collect-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "Wire"));
            Directory.CreateDirectory(Path.Combine(dir, "obj", "Debug"));
            Directory.CreateDirectory(Path.Combine(dir, "bin"));
            File.WriteAllText(Path.Combine(dir, "Wire", "A.cs"), "class A { }");
            File.WriteAllText(Path.Combine(dir, "B.cs"), "class B { }");
            File.WriteAllText(Path.Combine(dir, "obj", "Debug", "Gen.cs"), "class G { }");
            File.WriteAllText(Path.Combine(dir, "bin", "X.cs"), "class X { }");

            var files = CoreCheck.CollectSources(dir).Select(s => Path.GetRelativePath(dir, s.Path).Replace('\\', '/')).ToList();

            Assert.Equal(new[] { "B.cs", "Wire/A.cs" }, files);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
