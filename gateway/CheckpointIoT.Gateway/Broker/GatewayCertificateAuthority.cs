using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CheckpointIoT.Gateway.Identity;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// The gateway's own CA for the broker's TLS listener, so a site needs no openssl: <c>checkpoint-gateway tls-init</c>
/// writes <c>ca.crt</c>/<c>ca.key</c> once (ECDSA P-256, 10 years) and a server certificate signed by it
/// (<c>server.crt</c>/<c>server.key</c>, 825 days, the names and addresses the nodes use). Run again, it keeps the CA
/// (nodes already trust it) and issues a new server certificate, e.g. after the gateway's address changed.
/// Private keys are written owner-only (0600) through <see cref="SecretFile"/>.
/// </summary>
public static class GatewayCertificateAuthority
{
    public const string CaCertFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string ServerCertFile = "server.crt";
    public const string ServerKeyFile = "server.key";

    /// <summary>What <see cref="Initialise"/> did.</summary>
    public sealed record Result(string Directory, bool CaCreated, string CaThumbprint, IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses, DateTimeOffset ServerNotAfter)
    {
        public string CaCertPath => Path.Combine(Directory, CaCertFile);

        public string ServerCertPath => Path.Combine(Directory, ServerCertFile);

        public string ServerKeyPath => Path.Combine(Directory, ServerKeyFile);
    }

    /// <summary>Creates the CA in <paramref name="directory"/> when missing, then (re)issues the server certificate.</summary>
    public static Result Initialise(string directory, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses, TimeProvider? time = null)
    {
        if (dnsNames.Count == 0 && addresses.Count == 0)
        {
            throw new ArgumentException("the server certificate needs at least one host name or IP address", nameof(dnsNames));
        }

        var now = (time ?? TimeProvider.System).GetUtcNow();
        Directory.CreateDirectory(directory);
        var caCertPath = Path.Combine(directory, CaCertFile);
        var caKeyPath = Path.Combine(directory, CaKeyFile);
        var created = false;
        X509Certificate2 ca;
        if (File.Exists(caCertPath) || File.Exists(caKeyPath))
        {
            try
            {
                ca = X509Certificate2.CreateFromPemFile(caCertPath, caKeyPath);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException)
            {
                throw new InvalidOperationException($"{caCertPath} / {caKeyPath}: cannot load the existing gateway CA ({ex.Message}); move them away to create a new CA (every node must then be given the new ca.crt)", ex);
            }
        }
        else
        {
            ca = CreateCa(now);
            SecretFile.WriteNew(caKeyPath, ca.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            WritePublic(caCertPath, ca.ExportCertificatePem());
            created = true;
        }

        using (ca)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var subject = dnsNames.Count > 0 ? dnsNames[0] : addresses[0].ToString();
            var request = new CertificateRequest(new X500DistinguishedName("CN=" + subject), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            foreach (var address in addresses)
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build());
            var notAfter = now.AddDays(825);
            if (notAfter > ca.NotAfter)
            {
                notAfter = ca.NotAfter;
            }

            using var server = request.Create(ca, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
            SecretFile.WriteNew(Path.Combine(directory, ServerKeyFile), key.ExportPkcs8PrivateKeyPem());
            WritePublic(Path.Combine(directory, ServerCertFile), server.ExportCertificatePem());
            return new Result(directory, created, ca.Thumbprint, dnsNames, addresses, notAfter);
        }
    }

    /// <summary>This machine's names and non-loopback IPv4 addresses, plus localhost and 127.0.0.1.</summary>
    public static (IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses) LocalNames()
    {
        var names = new List<string> { "localhost" };
        var host = Environment.MachineName.ToLowerInvariant();
        if (!string.IsNullOrEmpty(host) && host != "localhost")
        {
            names.Insert(0, host + ".local");
            names.Insert(0, host);
        }

        var addresses = new List<IPAddress> { IPAddress.Loopback };
        foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != System.Net.NetworkInformation.OperationalStatus.Up)
            {
                continue;
            }

            foreach (var a in nic.GetIPProperties().UnicastAddresses)
            {
                if (a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address) && !addresses.Contains(a.Address))
                {
                    addresses.Add(a.Address);
                }
            }
        }

        return (names, addresses);
    }

    private static X509Certificate2 CreateCa(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            new X500DistinguishedName("CN=CheckpointIoT gateway CA " + Environment.MachineName.ToLowerInvariant() + ", O=CheckpointIoT"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var self = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        // Re-import so the returned certificate owns a private key that outlives 'key'.
        return X509Certificate2.CreateFromPem(self.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A certificate (public): replaced atomically, readable by all; keys go through <see cref="SecretFile"/>.</summary>
    private static void WritePublic(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
