using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Config;

public class NodeConfigTests
{
    private const string Valid = """
        # provisioned 2026-11-22
        node_id=n-a1b2c3
        checkpoint_id=cp-market-1
        direction=out
        broker_host=192.168.1.10
        broker_port=8883
        mqtt_username=n-a1b2c3
        mqtt_password=s3cret-pass
        use_tls=true
        wifi_ssid=Cho Ben Thanh
        wifi_password=wifi-pass-123
        offline_policy=fail-all
        """;

    [Fact]
    public void Parse_ValidText_ReadsEveryKey()
    {
        var config = NodeConfig.Parse(Valid, out string error);
        Assert.Null(error);
        Assert.Equal("n-a1b2c3", config.NodeId);
        Assert.Equal(DoorDirection.Out, config.Direction);
        Assert.Equal(8883, config.BrokerPort);
        Assert.True(config.UseTls);
        Assert.Equal("Cho Ben Thanh", config.WifiSsid);
        Assert.Equal(OfflinePolicy.FailAll, config.OfflinePolicy);
    }

    [Fact]
    public void ToText_ThenParse_RoundTrips()
    {
        var config = NodeConfig.Parse(Valid, out _);
        var again = NodeConfig.Parse(config.ToText(), out string error);
        Assert.Null(error);
        Assert.Equal(config.ToText(), again.ToText());
    }

    [Fact]
    public void ToSafeText_NeverCarriesSecrets()
    {
        string safe = NodeConfig.Parse(Valid, out _).ToSafeText();
        Assert.DoesNotContain("s3cret-pass", safe);
        Assert.DoesNotContain("wifi-pass-123", safe);
        Assert.Contains("mqtt_password=(set)", safe);
    }

    [Theory]
    [InlineData("node_id=N-A1B2C3", "node_id")]
    [InlineData("broker_port=70000", "broker_port")]
    [InlineData("broker_port=abc", "broker_port")]
    [InlineData("direction=sideways", "direction")]
    [InlineData("mqtt_password=short", "mqtt_password")]
    [InlineData("verdict_timeout_ms=5", "verdict_timeout_ms")]
    [InlineData("colour=blue", "colour")]
    [InlineData("just some words", "line")]
    public void Parse_BadValue_ErrorNamesTheKey(string badLine, string key)
    {
        var config = NodeConfig.Parse(Valid + "\n" + badLine + "\n", out string error);
        Assert.Null(config);
        Assert.StartsWith(key, error);
    }

    [Fact]
    public void Parse_MissingBroker_ErrorNamesBrokerHost()
    {
        var config = NodeConfig.Parse("node_id=n-1\ncheckpoint_id=cp\nmqtt_username=u\nmqtt_password=12345678\n", out string error);
        Assert.Null(config);
        Assert.StartsWith("broker_host", error);
    }
}
