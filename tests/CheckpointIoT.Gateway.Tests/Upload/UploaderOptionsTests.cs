using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Upload;

public sealed class UploaderOptionsTests
{
    private static UploaderOptions Valid() => new() { BaseUrl = "https://province.example/api", GatewayId = "gw-1", Token = "t0k3n" };

    [Fact]
    public void Validate_RequiredValuesSet_Passes()
    {
        Valid().Validate();
        Assert.Equal(new Uri("https://province.example/api/"), Valid().BaseUri);
    }

    [Theory]
    [InlineData("BaseUrl", "Upload:BaseUrl")]
    [InlineData("GatewayId", "Upload:GatewayId")]
    [InlineData("Token", "Upload:Token")]
    [InlineData("MaxBatchRecords", "Upload:MaxBatchRecords")]
    [InlineData("MaxBatchAge", "Upload:MaxBatchAge")]
    [InlineData("RetryMaxDelay", "Upload:RetryMaxDelay")]
    [InlineData("BreakerFailureThreshold", "Upload:BreakerFailureThreshold")]
    [InlineData("BreakerFailureRatio", "Upload:BreakerFailureRatio")]
    [InlineData("BreakerSamplingDuration", "Upload:BreakerSamplingDuration")]
    [InlineData("BreakerOpenDuration", "Upload:BreakerOpenDuration")]
    [InlineData("MaxOutboxBytes", "Upload:MaxOutboxBytes")]
    [InlineData("Checkpoints", "Upload:Checkpoints:cp-1")]
    public void Validate_BadValue_ThrowsNamingTheKey(string what, string key)
    {
        var o = Valid();
        switch (what)
        {
            case "BaseUrl": o.BaseUrl = "ftp://x"; break;
            case "GatewayId": o.GatewayId = "gw 1"; break;
            case "Token": o.Token = ""; break;
            case "MaxBatchRecords": o.MaxBatchRecords = 10_001; break;
            case "MaxBatchAge": o.MaxBatchAge = TimeSpan.Zero; break;
            case "RetryMaxDelay": o.RetryMaxDelay = TimeSpan.FromMilliseconds(1); break;
            case "BreakerFailureThreshold": o.BreakerFailureThreshold = 1; break; // Polly's minimum throughput is 2
            case "BreakerFailureRatio": o.BreakerFailureRatio = 0; break;
            case "BreakerSamplingDuration": o.BreakerSamplingDuration = TimeSpan.FromMilliseconds(499); break;
            case "BreakerOpenDuration": o.BreakerOpenDuration = TimeSpan.FromMilliseconds(200); break;
            case "MaxOutboxBytes": o.MaxOutboxBytes = 10; break;
            case "Checkpoints": o.Checkpoints["cp-1"] = new CheckpointRegistrationOptions { Name = "A", Unit = "" , District = "D" }; break;
        }
        var ex = Assert.Throws<GatewayConfigException>(() => o.Validate());
        Assert.Equal(key, ex.Key);
        Assert.DoesNotContain(o.Token.Length > 0 ? o.Token : "\u0000", ex.Message);
    }

    [Fact]
    public void Validate_Disabled_SkipsChecks()
    {
        new UploaderOptions { Enabled = false }.Validate();
    }
}
