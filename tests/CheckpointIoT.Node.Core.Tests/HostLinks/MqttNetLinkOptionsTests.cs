using CheckpointIoT.Node.Host.Adapters;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

public sealed class MqttNetLinkOptionsTests
{
    private static MqttNetLinkOptions Valid() => new() { Host = "127.0.0.1", Port = 1883, ClientId = "n-a1b2c3", Username = "n-a1b2c3", Password = "secret-pass" };

    [Fact]
    public void Validate_GoodOptions_DoesNotThrow() => Valid().Validate();

    public static TheoryData<string, Action<MqttNetLinkOptions>> BadOptions => new()
    {
        { "Host", o => o.Host = " " },
        { "Port", o => o.Port = 0 },
        { "Port", o => o.Port = 70000 },
        { "ClientId", o => o.ClientId = "" },
        { "Password", o => o.Username = null },
        { "KeepAliveSeconds", o => o.KeepAliveSeconds = 0 },
        { "Timeout", o => o.Timeout = TimeSpan.Zero },
        { "CaFile", o => o.CaFile = "/nonexistent/ca.pem" },
        { "WillTopic", o => o.WillTopic = "cp/status/x" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_BadValue_ThrowsNamingTheOption(string option, Action<MqttNetLinkOptions> spoil)
    {
        var options = Valid();
        spoil(options);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith(option + ":", error.Message);
    }

    [Fact]
    public void Constructor_CaFileWithoutCertificate_ThrowsNamingCaFile()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");
            var options = Valid();
            options.CaFile = file;

            var error = Assert.Throws<ArgumentException>(() => new MqttNetLink(options));

            Assert.StartsWith("CaFile:", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
