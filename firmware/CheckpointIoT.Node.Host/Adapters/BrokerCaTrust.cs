using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// Trusts a broker certificate only when it chains to the provisioned CA (<c>ca.pem</c>, not the system store)
/// and names the host the node connects to, as mosquitto_tls_set with a CA file did.
/// </summary>
public sealed class BrokerCaTrust
{
    private readonly X509Certificate2Collection _roots = [];

    public BrokerCaTrust(string caFile)
    {
        try
        {
            _roots.ImportFromPemFile(caFile);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArgumentException($"CaFile: {caFile} holds no usable PEM certificate: {ex.Message}", ex);
        }
        if (_roots.Count == 0) throw new ArgumentException($"CaFile: {caFile} holds no PEM certificate");
    }

    public bool Validate(MqttClientCertificateValidationEventArgs e)
    {
        const SslPolicyErrors fatal = SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable;
        if (e.Certificate == null || (e.SslPolicyErrors & fatal) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (e.Chain != null)
        {
            foreach (var element in e.Chain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        var certificate = e.Certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
        return chain.Build(certificate);
    }
}
