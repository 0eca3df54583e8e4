using System.Net;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Hosting;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.TestSupport;
using MQTTnet;
using MQTTnet.Exceptions;

namespace CheckpointIoT.Gateway.Tests.Broker;

/// <summary><c>checkpoint-gateway tls-init</c> and the broker's TLS listener with that CA, through the embedded MQTTnet broker.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GatewayTlsTests
{
    [Fact]
    public async Task TlsInit_ThenTlsListener_NodeTrustingTheGatewayCa_GetsItsVerdict_OtherCaIsRefused()
    {
        var root = GatewayHarness.NewDataDirectory();
        var tls = Path.Combine(root, "tls");
        var other = Path.Combine(root, "other-ca");
        try
        {
            Assert.Equal(0, TlsInitCommand.Run(["--dir", tls, "--host", "localhost", "--ip", "127.0.0.1"], new StringWriter(), new StringWriter()));
            GatewayCertificateAuthority.Initialise(other, ["localhost"], [IPAddress.Loopback]);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "ca.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "server.key")));

            var tlsPort = Repo.FreePort();
            await using var gw = await GatewayHarness.StartAsync(Path.Combine(root, "gw"),
                "--Gateway:Broker:TlsCertFile", Path.Combine(tls, "server.crt"),
                "--Gateway:Broker:TlsKeyFile", Path.Combine(tls, "server.key"),
                "--Gateway:Broker:TlsCaFile", Path.Combine(tls, "ca.crt"),
                "--Gateway:Broker:TlsPort", tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var enrolled = await gw.EnrolAsync("n-tls");
            Assert.Equal(File.ReadAllText(Path.Combine(tls, "ca.crt")), await gw.Http.GetStringAsync("/api/tls/ca"));

            await using (var node = await TestNode.ConnectAsync(Options(enrolled, tlsPort, Path.Combine(tls, "ca.crt")), "n-tls"))
            {
                await node.PublishQrAsync(1, Samples.Cccd());
                var verdict = await node.WaitVerdictAsync(1);
                Assert.Equal(VerdictResult.Pass, verdict.Result);
                Assert.True(node.Client.IsConnected);
            }

            using var stranger = new MqttClientFactory().CreateMqttClient();
            await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => stranger.ConnectAsync(Options(enrolled, tlsPort, Path.Combine(other, "ca.crt"))).WaitAsync(TimeSpan.FromSeconds(15)));
            Assert.Equal(1, gw.Store.Count("checkins"));
        }
        finally
        {
            GatewayHarness.TryDelete(root);
        }
    }

    [Fact]
    public void TlsInit_RunAgain_KeepsTheCa_ReissuesTheServerCertificate()
    {
        var dir = GatewayHarness.NewDataDirectory();
        try
        {
            var first = GatewayCertificateAuthority.Initialise(dir, ["gw.local"], [IPAddress.Parse("192.168.1.10")]);
            var firstServer = File.ReadAllText(first.ServerCertPath);
            var second = GatewayCertificateAuthority.Initialise(dir, ["gw.local"], [IPAddress.Parse("192.168.1.20")]);

            Assert.True(first.CaCreated);
            Assert.False(second.CaCreated);
            Assert.Equal(first.CaThumbprint, second.CaThumbprint);
            Assert.NotEqual(firstServer, File.ReadAllText(second.ServerCertPath));
            using var server = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(second.ServerCertPath));
            using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(second.CaCertPath));
            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            Assert.True(chain.Build(server), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
        finally
        {
            GatewayHarness.TryDelete(dir);
        }
    }

    [Fact]
    public async Task TlsCaEndpoint_WithoutTlsListener_Is404WithAHint()
    {
        await using var gw = await GatewayHarness.StartAsync();

        using var response = await gw.Http.GetAsync("/api/tls/ca");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("tls-init", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("--ip", "not-an-ip")]
    [InlineData("--host", "10.0.0.1")]
    [InlineData("--frobnicate", "x")]
    public void TlsInit_BadArgument_IsAClearUsageError(string flag, string value)
    {
        var error = new StringWriter();

        var code = TlsInitCommand.Run([flag, value], new StringWriter(), error);

        Assert.Equal(GatewayProgram.ExitBadConfig, code);
        Assert.Contains(flag, error.ToString());
    }

    private static MqttClientOptions Options(EnrolledNode node, int port, string caFile)
    {
        var trust = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        trust.ImportFromPemFile(caFile);
        return TestNode.Options("127.0.0.1", port, node.NodeId, node.Password)
            .WithTlsOptions(o => o.UseTls().WithTrustChain(trust).WithTargetHost("localhost").WithRevocationMode(System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck))
            .Build();
    }
}
