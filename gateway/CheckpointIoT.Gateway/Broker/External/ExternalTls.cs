using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>
/// Server certificate check for the gateway's own MQTT client: the chain must end in one of the certificates of the
/// configured CA file (the system trust store is not consulted), and the certificate must be for the host name.
/// </summary>
internal static class ExternalTls
{
    public static X509Certificate2Collection LoadCaFile(string path)
    {
        var cas = new X509Certificate2Collection();
        cas.ImportFromPemFile(path);
        return cas;
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="trustedCas"/> and the TLS layer saw no name mismatch.</summary>
    public static bool IsTrusted(
        X509Certificate? certificate,
        X509Chain? presentedChain,
        SslPolicyErrors errors,
        X509Certificate2Collection trustedCas,
        out string problem)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            problem = "the server sent no certificate";
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            problem = "the server certificate is not issued for this host name";
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = DateTime.Now;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(leaf))
        {
            problem = "";
            return true;
        }

        problem = "the server certificate does not chain to the configured CA ("
            + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0)) + ")";
        return false;
    }
}
