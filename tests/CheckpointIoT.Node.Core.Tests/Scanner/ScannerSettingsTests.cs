using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Tests.Fakes;

namespace CheckpointIoT.Node.Core.Tests.Scanner;

public class ScannerSettingsTests
{
    [Fact]
    public void Validate_Defaults_Null()
    {
        Assert.Null(new ScannerSettings().Validate());
    }

    [Theory]
    [InlineData("BaudRate", "Scanner.BaudRate")]
    [InlineData("Terminator", "Scanner.Terminator")]
    [InlineData("EncodingCode", "Scanner.EncodingCode")]
    [InlineData("ReplyTimeoutMs", "Scanner.ReplyTimeoutMs")]
    [InlineData("MaxAttempts", "Scanner.MaxAttempts")]
    [InlineData("HeartbeatIntervalMs", "Scanner.HeartbeatIntervalMs")]
    [InlineData("MaxScanBytes", "Scanner.MaxScanBytes")]
    [InlineData("IdleGapMs", "Scanner.IdleGapMs")]
    public void Validate_BadValue_ErrorNamesTheKey(string property, string key)
    {
        var s = new ScannerSettings();
        switch (property)
        {
            case "BaudRate": s.BaudRate = 250000; break;
            case "Terminator": s.Terminator = ScannerTerminator.Tab; break;
            case "EncodingCode": s.EncodingCode = 7; break;
            case "ReplyTimeoutMs": s.ReplyTimeoutMs = 0; break;
            case "MaxAttempts": s.MaxAttempts = 0; break;
            case "HeartbeatIntervalMs": s.HeartbeatIntervalMs = 100; break;
            case "MaxScanBytes": s.MaxScanBytes = 4096; break;
            case "IdleGapMs": s.IdleGapMs = 0; break;
        }
        var error = s.Validate();
        Assert.NotNull(error);
        Assert.StartsWith(key + ":", error);
    }

    [Fact]
    public void Constructor_InvalidSettings_ThrowsNamingTheKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Gm65Driver(new FakeGm65Module(), new ScannerSettings { BaudRate = 1 }));
        Assert.Contains("Scanner.BaudRate", ex.Message);
    }
}
