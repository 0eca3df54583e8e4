using System.Security.Cryptography.X509Certificates;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>TestSupport's TestCa, which the TLS host-link tests (and the gateway's broker tests) trust their brokers with.</summary>
public sealed class TestCaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("host-links-ca-").FullName;

    [Fact]
    public async Task IssueServer_SecondsAfterTheCaWasMade_IssuesACertificateThatChainsToIt()
    {
        using var ca = TestCa.Create("host-links test CA");
        await Task.Delay(TimeSpan.FromMilliseconds(1100)); // a second later: the leaf's validity must still end within the CA's

        var (certFile, _) = ca.IssueServer(_directory, dnsNames: []);

        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(ca.WriteCertificate(Path.Combine(_directory, "ca.pem"))));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.NotAfter <= root.NotAfter);
    }

    [Fact]
    public void IssueServer_NoDnsNames_NamesTheLoopbackAddressOnly()
    {
        using var ca = TestCa.Create("host-links test CA");

        var (certFile, keyFile) = ca.IssueServer(_directory, dnsNames: []);

        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
        Assert.True(leaf.MatchesHostname("127.0.0.1"));
        Assert.False(leaf.MatchesHostname("localhost"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
