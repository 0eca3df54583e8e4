using CheckpointIoT.Node.Host.Adapters;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>TLS of the MQTTnet link against a real mosquitto TLS listener: only the provisioned CA and the right host name are trusted.</summary>
public sealed class MqttNetLinkTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _site = TestCertificates.Create();
    private readonly TestCertificates _other = TestCertificates.Create();
    private MosquittoProcess _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoProcess.StartAsync(_site);

    private MqttNetLink NewLink(string host, string caFile) => new(new MqttNetLinkOptions
    {
        Host = host, Port = _broker.Port, ClientId = "n-tls001", CaFile = caFile, Timeout = TimeSpan.FromSeconds(5),
    });

    [Fact]
    public async Task Connect_ProvisionedCa_ConnectsOverTls()
    {
        await using var link = NewLink("127.0.0.1", _site.CaFile);

        Assert.True(link.Connect());

        Assert.True(link.Publish("cp/n-tls001/up", [1, 2, 3], false));
    }

    [Fact]
    public async Task Connect_BrokerCertificateFromAnotherCa_IsRefused()
    {
        await using var link = NewLink("127.0.0.1", _other.CaFile);

        Assert.ThrowsAny<Exception>(() => link.Connect());

        Assert.False(link.IsConnected);
    }

    [Fact]
    public async Task Connect_CertificateNotNamingTheHost_IsRefused()
    {
        await using var link = NewLink("localhost", _site.CaFile); // the certificate names 127.0.0.1 only

        Assert.ThrowsAny<Exception>(() => link.Connect());

        Assert.False(link.IsConnected);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _site.Dispose();
        _other.Dispose();
    }
}
