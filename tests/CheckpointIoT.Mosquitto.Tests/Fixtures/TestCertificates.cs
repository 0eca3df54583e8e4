using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CheckpointIoT.Mosquitto.Tests.Fixtures;

/// <summary>Throwaway CA + server certificate (SAN 127.0.0.1/localhost) written as PEM files, for TLS listener tests.</summary>
public sealed class TestCertificates
{
    private TestCertificates(string caFile, string certFile, string keyFile)
    {
        CaFile = caFile;
        CertFile = certFile;
        KeyFile = keyFile;
    }

    public string CaFile { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public static TestCertificates Create(string directory, string caName = "CheckpointIoT Test CA")
    {
        Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var server = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(30), serial);

        var caFile = Path.Combine(directory, "ca.crt");
        var certFile = Path.Combine(directory, "server.crt");
        var keyFile = Path.Combine(directory, "server.key");
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        File.WriteAllText(certFile, server.ExportCertificatePem());
        File.WriteAllText(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return new TestCertificates(caFile, certFile, keyFile);
    }
}
