using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CheckpointIoT.TestSupport;

/// <summary>
/// A throwaway CA made in the test (CertificateRequest, ECDSA P-256) that issues TLS server certificates as PEM files.
/// No key file is checked in. The one test-certificate helper of the gateway tests and the node host-link tests.
/// </summary>
public sealed class TestCa : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private static readonly string[] Localhost = ["localhost"];

    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;

    private TestCa(string name)
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static TestCa Create(string name) => new(name);

    /// <summary>Writes the CA certificate (PEM) to <paramref name="path"/>.</summary>
    public string WriteCertificate(string path)
    {
        File.WriteAllText(path, _certificate.ExportCertificatePem() + "\n");
        return path;
    }

    /// <summary>
    /// Issues a TLS server certificate for 127.0.0.1 and <paramref name="dnsNames"/> (default: localhost; none = the
    /// address only, CN=127.0.0.1); writes cert and key (0600) PEM files into <paramref name="directory"/>.
    /// </summary>
    public (string CertFile, string KeyFile) IssueServer(string directory, string name = "server", IReadOnlyList<string>? dnsNames = null)
    {
        dnsNames ??= Localhost;
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (dnsNames.Count > 0 ? dnsNames[0] : "127.0.0.1"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames)
        {
            san.AddDnsName(dnsName);
        }

        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // Within the CA's validity however long after it the certificate is issued (the CA's NotAfter is whole seconds).
        var notAfter = new DateTimeOffset(_certificate.NotAfter.ToUniversalTime()).AddDays(-1);
        using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddDays(-1), notAfter, serial);
        var certFile = Path.Combine(directory, name + ".crt");
        var keyFile = Path.Combine(directory, name + ".key");
        File.WriteAllText(certFile, issued.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certFile, keyFile);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
