using CheckpointIoT.Node.Host.Adapters;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>TLS of the MQTTnet link against a real mosquitto TLS listener: only the provisioned CA and the right host name are trusted.</summary>
public sealed class MqttNetLinkTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("host-links-tls-").FullName;
    private MosquittoProcess _broker = null!;

    private string SiteCaFile => Path.Combine(_directory, "site-ca.pem");

    private string OtherCaFile => Path.Combine(_directory, "other-ca.pem");

    public async Task InitializeAsync()
    {
        using var site = TestCa.Create("host-links test CA");
        using var other = TestCa.Create("host-links test CA");
        site.WriteCertificate(SiteCaFile);
        other.WriteCertificate(OtherCaFile);
        var (cert, key) = site.IssueServer(_directory, dnsNames: []); // names 127.0.0.1 only
        var setup = new MosquittoSetup { AllowAnonymous = true, TlsCertFile = cert, TlsKeyFile = key };
        _broker = await MosquittoProcess.StartAsync(setup);
    }

    private MqttNetLink NewLink(string host, string caFile) => new(new MqttNetLinkOptions
    {
        Host = host, Port = _broker.TlsPort!.Value, ClientId = "n-tls001", CaFile = caFile, Timeout = TimeSpan.FromSeconds(5),
    });

    [Fact]
    public async Task Connect_ProvisionedCa_ConnectsOverTls()
    {
        await using var link = NewLink("127.0.0.1", SiteCaFile);

        Assert.True(link.Connect());

        Assert.True(link.Publish("cp/n-tls001/up", [1, 2, 3], false));
    }

    [Fact]
    public async Task Connect_BrokerCertificateFromAnotherCa_IsRefused()
    {
        await using var link = NewLink("127.0.0.1", OtherCaFile);

        Assert.ThrowsAny<Exception>(() => link.Connect());

        Assert.False(link.IsConnected);
    }

    [Fact]
    public async Task Connect_CertificateNotNamingTheHost_IsRefused()
    {
        await using var link = NewLink("localhost", SiteCaFile); // the certificate names 127.0.0.1 only

        Assert.ThrowsAny<Exception>(() => link.Connect());

        Assert.False(link.IsConnected);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
