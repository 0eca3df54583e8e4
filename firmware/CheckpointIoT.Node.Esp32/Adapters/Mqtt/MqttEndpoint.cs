using System.Security.Cryptography.X509Certificates;

namespace CheckpointIoT.Node.Esp32.Adapters.Mqtt
{
    /// <summary>Where and as whom the node connects: broker, credentials, TLS CA and the last will.</summary>
    public sealed class MqttEndpoint
    {
        public string Host;
        public int Port = 1883;
        public string ClientId;
        public string Username;
        public string Password;
        /// <summary>CA that signed the broker certificate; null = plain MQTT.</summary>
        public X509Certificate CaCertificate;
        public string WillTopic;
        /// <summary>Hex text of the offline status frame (<see cref="WillText.FromFrame"/>); null = no will.</summary>
        public string WillText;

        /// <summary>Parses a PEM CA certificate; null for null/empty text.</summary>
        public static X509Certificate ParseCa(string pem)
        {
            if (pem == null || pem.Length == 0) return null;
            return new X509Certificate(pem);
        }
    }
}
