using CheckpointIoT.NanoCheck.Api;

namespace CheckpointIoT.NanoCheck.Tests;

[Collection(NanoCollection.Name)]
public sealed class ApiListingParserTests
{
    private readonly NanoApiFixture _nano;

    public ApiListingParserTests(NanoApiFixture nano)
    {
        _nano = nano;
    }

    [Theory]
    [InlineData("System.IO.Ports.Parity parity = System.IO.Ports.Parity.None", "global::System.IO.Ports.Parity parity = global::System.IO.Ports.Parity.None")]
    [InlineData("nanoFramework.System.IO.FileSystem.SDCard", "global::nanoFramework.System.IO.FileSystem.SDCard")]
    [InlineData("System.Action<T1, T2>", "global::System.Action<T1, T2>")]
    [InlineData("int.MaxValue", "int.MaxValue")]
    [InlineData("\"a.b\" + 1.5E+308", "\"a.b\" + 1.5E+308")]
    [InlineData("default(System.Threading.CancellationToken)", "default(global::System.Threading.CancellationToken)")]
    public void QualifyGlobal_DottedNames_GetGlobalPrefixLiteralsAndKeywordsDoNot(string input, string expected)
    {
        Assert.Equal(expected, ApiNames.QualifyGlobal(input));
    }

    [Fact]
    public void SplitTopLevel_GenericsAndQuotes_AreNotSplit()
    {
        var parts = ApiNames.SplitTopLevel("System.Action<T1, T2> a, char c = ',', string s = \"x,y\"", ',');

        Assert.Equal(new[] { "System.Action<T1, T2> a", "char c = ','", "string s = \"x,y\"" }, parts);
    }

    [SkippableFact]
    public void Load_Listings_ShapesAndMembersAreClassified()
    {
        _nano.RequireListings();

        var catalog = _nano.Catalog!;

        var errorCode = catalog.FindByFullName("System.IO.IOException.IOExceptionErrorCode")!;
        Assert.Equal(ApiTypeKind.Enum, errorCode.Kind);
        Assert.Equal("System.IO.IOException", errorCode.DeclaringType!.FullName);
        Assert.Contains(errorCode.Members, m => m.Kind == ApiMemberKind.EnumMember && m.Name == "FileNotFound" && m.Value == "-503316480");

        var action = catalog.FindByListingKey("System.Action<T1, T2>")!;
        Assert.Equal(ApiTypeKind.Delegate, action.Kind);
        Assert.Equal("<in T1, in T2>", action.TypeParameters);
        Assert.Equal(2, action.Arity);

        var serialPort = catalog.FindByFullName("System.IO.Ports.SerialPort")!;
        var ctor = Assert.Single(serialPort.Members, m => m.Kind == ApiMemberKind.Constructor);
        Assert.Equal(new[] { "portName", "baudRate", "parity", "dataBits", "stopBits" }, ctor.Parameters.Select(p => p.Name));
        Assert.Equal("9600", ctor.Parameters[1].DefaultValue);
        Assert.Equal("System.IO.Ports.Parity.None", ctor.Parameters[2].DefaultValue);
        Assert.Contains(serialPort.Members, m => m.Kind == ApiMemberKind.Event && m.Name == "DataReceived");
        Assert.True(serialPort.IsSealed);
        Assert.Null(serialPort.BaseType);
        Assert.Equal(new[] { "System.IDisposable" }, serialPort.Interfaces);

        var arrayList = catalog.FindByFullName("System.Collections.ArrayList")!;
        var capacity = Assert.Single(arrayList.Members, m => m.Name == "Capacity");
        Assert.True(capacity.HasGetter && capacity.HasSetter);
        Assert.Contains("virtual", capacity.Modifiers);
        var indexer = Assert.Single(arrayList.Members, m => m.Kind == ApiMemberKind.Indexer);
        Assert.Equal("object", indexer.Type);
        Assert.Contains("extern", indexer.Modifiers);

        var stringType = catalog.FindByFullName("System.String")!;
        Assert.Contains(stringType.Members, m => m.Kind == ApiMemberKind.Method && m.Name == "Format" && m.Modifiers.Contains("static") &&
                                                 m.Parameters[1].Modifiers == "params");
        Assert.Contains(stringType.Members, m => m.Kind == ApiMemberKind.Operator && m.Name == "operator ==");

        var spanByte = catalog.FindByFullName("System.SpanByte")!;
        Assert.True(spanByte.IsRefStruct && spanByte.IsReadOnly);
        Assert.Contains(spanByte.Members, m => m.Kind == ApiMemberKind.Conversion && m.Name == "implicit operator System.SpanByte");

        var intType = catalog.FindByFullName("System.Int32")!;
        Assert.Contains(intType.Members, m => m.Kind == ApiMemberKind.Constant && m.Name == "MaxValue" && m.Value == "2147483647");
    }
}
