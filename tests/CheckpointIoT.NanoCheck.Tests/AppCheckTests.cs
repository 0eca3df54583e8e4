using CheckpointIoT.NanoCheck.Checking;
using CheckpointIoT.NanoCheck.Cli;
using CheckpointIoT.NanoCheck.Projects;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace CheckpointIoT.NanoCheck.Tests;

[Collection(NanoCollection.Name)]
public sealed class AppCheckTests : IDisposable
{
    private const string RealApiCalls = """
        using System;
        using System.Device.Gpio;
        using System.IO.Ports;
        using System.Threading;
        using nanoFramework.Hardware.Esp32;

        namespace AppSnippet
        {
            public sealed class Wiring
            {
                private readonly SerialPort _port;
                private readonly GpioPin _led;

                public Wiring()
                {
                    Configuration.SetPinFunction(16, DeviceFunction.COM2_RX);
                    Configuration.SetPinFunction(17, DeviceFunction.COM2_TX);
                    _port = new SerialPort("COM2", 115200);
                    _port.ReadTimeout = 500;
                    _port.DataReceived += OnData;
                    _port.Open();
                    var gpio = new GpioController();
                    _led = gpio.OpenPin(2, PinMode.Output);
                    _led.Write(PinValue.High);
                    Thread.Sleep(10);
                }

                public string ReadLine()
                {
                    return _port.ReadLine();
                }

                private void OnData(object sender, SerialDataReceivedEventArgs e)
                {
                    byte[] buffer = new byte[_port.BytesToRead];
                    _port.Read(buffer, 0, buffer.Length);
                }
            }
        }
        """;

    private readonly NanoApiFixture _nano;
    private readonly ITestOutputHelper _output;
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "nanocheck-app-" + Guid.NewGuid().ToString("N"));

    public AppCheckTests(NanoApiFixture nano, ITestOutputHelper output)
    {
        _nano = nano;
        _output = output;
    }

    public void Dispose()
    {
        if (Directory.Exists(_temp))
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    private void Show(CheckResult result)
    {
        foreach (var d in result.Diagnostics)
        {
            _output.WriteLine(d.ToString());
        }
    }

    [SkippableFact]
    public void Check_RealNanoFrameworkApiCalls_Compile()
    {
        _nano.RequireListings();

        var result = _nano.CheckApp(RealApiCalls);
        Show(result);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [SkippableTheory]
    [InlineData("Configuration.SetPinFunction(16, DeviceFunction.COM2_RX);", "Configuration.SetPinFunction(\"16\", DeviceFunction.COM2_RX);", "CS1503")]
    [InlineData("return _port.ReadLine();", "return _port.ReadLineAsync();", "CS1061")]
    [InlineData("_port = new SerialPort(\"COM2\", 115200);", "_port = new SerialPort(\"COM2\", 115200, Parity.None, 8, StopBits.One, Handshake.None);", "CS1729")]
    [InlineData("_led.Write(PinValue.High);", "_led.Write(true, 5);", "CS1501")]
    [InlineData("Thread.Sleep(10);", "Thread.Sleep(TimeSpan.FromMilliseconds(10.5));", "CS1503")]
    public void Check_DeliberatelyWrongApiCall_Fails(string correct, string wrong, string expectedCode)
    {
        _nano.RequireListings();

        Assert.Contains(correct, RealApiCalls);
        string source = RealApiCalls.Replace(correct, wrong);
        int expectedLine = source.Split('\n').ToList().FindIndex(l => l.Contains(wrong)) + 1;

        var result = _nano.CheckApp(source);
        Show(result);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, d => d.Code == expectedCode && d.Line == expectedLine);
    }

    [SkippableFact]
    public void Run_AppWithNfprojAndPackages_ChecksLinkedCoreVersionsHintPathsAndReferences()
    {
        _nano.RequireListings();

        string core = Path.Combine(_temp, "Core");
        string app = Path.Combine(_temp, "App");
        Directory.CreateDirectory(Path.Combine(core, "Wire"));
        Directory.CreateDirectory(Path.Combine(app, "Adapters"));
        File.WriteAllText(Path.Combine(core, "Wire", "Frame.cs"), "namespace Core.Wire { public static class Frame { public static int Size(string s) { return s.Length; } } }");
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Threading;
            namespace App
            {
                public static class Program
                {
                    public static void Main()
                    {
                        var port = new Adapters.Port();
                        Thread.Sleep(Core.Wire.Frame.Size("x"));
                        port.Open();
                    }
                }
            }
            """);
        File.WriteAllText(Path.Combine(app, "Adapters", "Port.cs"), """
            namespace App.Adapters
            {
                public sealed class Port
                {
                    private readonly System.IO.Ports.SerialPort _port = new System.IO.Ports.SerialPort("COM2", 115200);
                    public void Open() { _port.Open(); }
                }
            }
            """);
        File.WriteAllText(Path.Combine(app, "App.nfproj"), """
            <?xml version="1.0" encoding="utf-8"?>
            <Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <AssemblyName>App</AssemblyName>
                <LangVersion>9.0</LangVersion>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="Program.cs" />
                <Compile Include="Adapters\*.cs" />
                <Compile Include="..\Core\**\*.cs">
                  <Link>Core\%(RecursiveDir)%(Filename)%(Extension)</Link>
                </Compile>
              </ItemGroup>
              <ItemGroup>
                <Reference Include="mscorlib">
                  <HintPath>packages\nanoFramework.CoreLibrary.1.17.11\lib\mscorlib.dll</HintPath>
                </Reference>
                <Reference Include="System.Threading">
                  <HintPath>packages\nanoFramework.System.Threading.1.1.40\lib\System.Threading.dll</HintPath>
                </Reference>
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "packages.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <packages>
              <package id="nanoFramework.CoreLibrary" version="1.17.11" targetFramework="netnano1.0" />
              <package id="nanoFramework.System.Threading" version="1.1.52" targetFramework="netnano1.0" />
              <package id="nanoFramework.System.IO.Ports" version="1.1.100" targetFramework="netnano1.0" />
              <package id="UnitsNet.nanoFramework.Frequency" version="5.60.0" targetFramework="netnano1.0" />
            </packages>
            """);
        var table = PackageVersionTable.Load(Path.Combine(_nano.ApiDirectory!, "README.md"));

        var app1 = AppCheck.Run(app, core, _nano.AppRefs, table);
        var result = app1.Result;
        Show(result);

        Assert.Equal(3, result.FileCount);
        Assert.Contains("C# 9.0", app1.Notes[0]);
        // packages.config: Ports 1.1.100 is not the listed 1.1.139; UnitsNet is unknown (warning only).
        Assert.Contains(result.Errors, d => d.Code == "NC2001" && d.Message.Contains("nanoFramework.System.IO.Ports") && d.Line == 5);
        Assert.Contains(result.Diagnostics, d => d.Code == "NC2002" && !d.IsError && d.Message.Contains("UnitsNet"));
        // HintPath says System.Threading 1.1.40, packages.config says 1.1.52.
        Assert.Contains(result.Errors, d => d.Code == "NC2003" && d.Message.Contains("System.Threading"));
        // The code uses System.IO.Ports, which the .nfproj does not reference: only Port.cs fails with the project's references.
        var missing = result.Errors.Where(d => d.Code == "NC2004").ToList();
        Assert.NotEmpty(missing);
        Assert.All(missing, d => Assert.EndsWith("Port.cs", d.Path));
        Assert.All(missing, d => Assert.Contains("(mscorlib, System.Threading)", d.Message));
        Assert.DoesNotContain(result.Errors, d => d.Code.StartsWith("CS", StringComparison.Ordinal));
        Assert.Equal(2 + missing.Count, result.ErrorCount);
    }

    [SkippableFact]
    public void Run_NfprojLangVersionTooLowForCore_ReportsLanguageError()
    {
        _nano.RequireListings();

        string core = Path.Combine(_temp, "Core");
        string app = Path.Combine(_temp, "App");
        Directory.CreateDirectory(core);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(core, "Scoped.cs"), "namespace Core;\npublic static class Scoped { public static int One() { return 1; } }\n");
        File.WriteAllText(Path.Combine(app, "App.nfproj"), """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <ItemGroup>
                <Compile Include="../Core/**/*.cs" />
              </ItemGroup>
            </Project>
            """);

        var result = AppCheck.Run(app, core, _nano.AppRefs, PackageVersionTable.Parse("")).Result;
        Show(result);

        // No <LangVersion>: the nanoFramework project system compiles C# 9, which has no file-scoped namespaces.
        Assert.Contains(result.Errors, d => d.Code == "CS8773" && d.Path.EndsWith("Scoped.cs", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Run_NoNfprojYet_CompilesAppAndCoreSourcesWithWarning()
    {
        _nano.RequireListings();

        string core = Path.Combine(_temp, "Core");
        string app = Path.Combine(_temp, "App");
        Directory.CreateDirectory(core);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(core, "A.cs"), "namespace Core { public static class A { public static int One() { return 1; } } }");
        File.WriteAllText(Path.Combine(app, "B.cs"), "namespace App { public static class B { public static int Two() { return Core.A.One() + 1; } } }");

        var result = AppCheck.Run(app, core, _nano.AppRefs, PackageVersionTable.Parse("")).Result;
        Show(result);

        Assert.Equal(2, result.FileCount);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Contains(result.Diagnostics, d => d.Code == "NC2008");
    }

    [SkippableFact]
    public void PackageVersionTable_ListingsReadme_EveryAssemblyHasAPackageAndVersion()
    {
        _nano.RequireListings();

        var table = PackageVersionTable.Load(Path.Combine(_nano.ApiDirectory!, "README.md"));

        foreach (var name in _nano.AppRefs.AssemblyNames)
        {
            Assert.True(table.AssemblyToPackage.ContainsKey(name), name + " has no package in the README table");
            Assert.True(table.Versions.ContainsKey(table.AssemblyToPackage[name]), table.AssemblyToPackage[name] + " has no version in the README");
        }

        Assert.Equal("nanoFramework.CoreLibrary", table.AssemblyToPackage["mscorlib"]);
        Assert.Equal("nanoFramework.M2Mqtt", table.AssemblyToPackage["nanoFramework.M2Mqtt.Core"]);
        Assert.Equal("nanoFramework.Iot.Device.Buzzer", table.AssemblyToPackage["Iot.Device.Buzzer"]);
    }

    [SkippableFact]
    public void CommandLine_CheckApp_AppFolderMissing_PassesWithMessage()
    {
        _nano.RequireListings();

        Directory.CreateDirectory(Path.Combine(_temp, "core"));
        var output = new StringWriter();
        int exit = NanoCheckApp.Run(
            new[] { "check-app", "--api", _nano.ApiDirectory!, "--cache", _nano.CacheRoot!, "--repo", _temp, "--core", Path.Combine(_temp, "core"), "--app", Path.Combine(_temp, "no-app") },
            output, new StringWriter(), _temp);

        Assert.Equal(NanoCheckApp.ExitOk, exit);
        Assert.Contains("does not exist yet", output.ToString());
    }

    [Fact]
    public void NfProject_LinkedWildcardsAndRemove_ResolveToFiles()
    {
        string app = Path.Combine(_temp, "App");
        string core = Path.Combine(_temp, "Core");
        Directory.CreateDirectory(Path.Combine(core, "Wire", "Deep"));
        Directory.CreateDirectory(Path.Combine(core, "obj"));
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(core, "Wire", "A.cs"), "");
        File.WriteAllText(Path.Combine(core, "Wire", "Deep", "B.cs"), "");
        File.WriteAllText(Path.Combine(core, "Wire", "Skip.cs"), "");
        File.WriteAllText(Path.Combine(core, "obj", "Gen.cs"), "");
        File.WriteAllText(Path.Combine(app, "Program.cs"), "");
        File.WriteAllText(Path.Combine(app, "App.nfproj"), """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup Condition="'$(Configuration)' == 'Debug'"><DefineConstants>DEBUG;TRACE</DefineConstants></PropertyGroup>
              <PropertyGroup><DefineConstants>$(DefineConstants);DEVICE</DefineConstants><LangVersion>latest</LangVersion></PropertyGroup>
              <ItemGroup>
                <Compile Include="Program.cs" />
                <Compile Include="Missing.cs" />
                <Compile Include="..\Core\**\*.cs" Exclude="..\Core\Wire\Skip.cs" />
              </ItemGroup>
            </Project>
            """);

        var project = NfProject.Load(Path.Combine(app, "App.nfproj"));
        var relative = project.CompileFiles.Select(f => Path.GetRelativePath(_temp, f).Replace('\\', '/')).ToList();

        Assert.Equal(new[] { "App/Program.cs", "Core/Wire/A.cs", "Core/Wire/Deep/B.cs" }, relative);
        Assert.Contains(project.CompileProblems, p => p.IsError && p.Message.Contains("Missing.cs"));
        Assert.Equal(new[] { "DEVICE" }, project.DefineConstants);
        Assert.True(LanguageVersionFacts.TryParse(project.LangVersion, out _));
    }
}
