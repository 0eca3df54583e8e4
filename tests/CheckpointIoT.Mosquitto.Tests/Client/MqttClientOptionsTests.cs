namespace CheckpointIoT.Mosquitto.Tests.Client;

public sealed class MqttClientOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        var o = new MqttClientOptions { ClientId = "x" };

        o.Validate();

        Assert.Equal("127.0.0.1", o.Host);
        Assert.Equal(1883, o.Port);
        Assert.Equal(30, o.KeepAliveSeconds);
        Assert.True(o.CleanSession);
        Assert.Equal(MqttProtocol.V311, o.Protocol);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.ReconnectDelayMin);
        Assert.Equal(TimeSpan.FromSeconds(30), o.ReconnectDelayMax);
    }

    public static TheoryData<string, Action<MqttClientOptions>> BadOptions => new()
    {
        { "Host", o => o.Host = " " },
        { "Port", o => o.Port = 0 },
        { "Port", o => o.Port = 70000 },
        { "ClientId", o => o.ClientId = "" },
        { "KeepAliveSeconds", o => o.KeepAliveSeconds = 3 },
        { "Password", o => o.Password = "pw" },
        { "LastWill", o => o.LastWill = new MqttLastWill("a/#", Array.Empty<byte>(), 1, false) },
        { "LastWill", o => o.LastWill = new MqttLastWill("a", Array.Empty<byte>(), 3, false) },
        { "Tls", o => o.Tls = new MqttTlsOptions() },
        { "Tls", o => o.Tls = new MqttTlsOptions { CaFile = "/nonexistent/ca.pem" } },
        { "ReconnectDelayMin", o => o.ReconnectDelayMin = TimeSpan.Zero },
        { "ReconnectDelayMax", o => o.ReconnectDelayMax = TimeSpan.FromMilliseconds(100) },
        { "Protocol", o => o.Protocol = (MqttProtocol)3 },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_BadValue_ThrowsNamingTheOption(string option, Action<MqttClientOptions> spoil)
    {
        var o = new MqttClientOptions { ClientId = "x" };
        spoil(o);

        var ex = Assert.Throws<ArgumentException>(() => o.Validate());

        Assert.Equal(option, ex.ParamName);
        Assert.Contains(option, ex.Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsBeforeTouchingTheLibrary()
    {
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { ClientId = "x", Port = -1 }));
    }
}
