using CheckpointIoT.Mosquitto.Tests.Fixtures;

namespace CheckpointIoT.Mosquitto.Tests.Client;

public sealed class MqttClientTlsTests
{
    [Fact]
    public async Task ConnectAsync_TlsListenerWithTrustedCa_RoundTripWorks()
    {
        var options = BrokerFixture.NewBrokerOptions();
        var certs = TestCertificates.Create(Path.Combine(options.DataDirectory, "certs"));
        (options.CaFile, options.CertFile, options.KeyFile) = (certs.CaFile, certs.CertFile, certs.KeyFile);
        await using var broker = new MosquittoBroker(options);
        await broker.StartAsync();

        await using var client = await BrokerFixture.ConnectClientAsync(broker, "tls", o =>
        {
            o.Port = broker.TlsPort!.Value;
            o.Tls = new MqttTlsOptions { CaFile = certs.CaFile };
        });
        await client.SubscribeAsync("tls/x");
        await client.PublishAsync("tls/x", new byte[] { 7 });

        Assert.Equal(new byte[] { 7 }, (await client.NextMessageAsync()).Payload);
    }

    [Fact]
    public async Task ConnectAsync_TlsListenerWithUntrustedCa_ThrowsMqttException()
    {
        var options = BrokerFixture.NewBrokerOptions();
        var certs = TestCertificates.Create(Path.Combine(options.DataDirectory, "certs"));
        var otherCa = TestCertificates.Create(Path.Combine(options.DataDirectory, "other"), "Someone Else CA");
        (options.CaFile, options.CertFile, options.KeyFile) = (certs.CaFile, certs.CertFile, certs.KeyFile);
        await using var broker = new MosquittoBroker(options);
        await broker.StartAsync();

        await Assert.ThrowsAsync<MqttException>(() => BrokerFixture.ConnectClientAsync(broker, "tls", o =>
        {
            o.Port = broker.TlsPort!.Value;
            o.Tls = new MqttTlsOptions { CaFile = otherCa.CaFile };
        }));
    }
}
