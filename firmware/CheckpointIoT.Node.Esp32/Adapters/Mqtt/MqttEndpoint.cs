using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

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

        /// <summary>A new, unconnected MQTT 3.1.1 client for this endpoint (TLS 1.2 when a CA is set).</summary>
        public MqttClient CreateClient()
        {
            MqttClient client = CaCertificate == null
                ? new MqttClient(Host, Port, false, null, null, MqttSslProtocols.None)
                : new MqttClient(Host, Port, true, CaCertificate, null, MqttSslProtocols.TLSv1_2);
            client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            return client;
        }

        /// <summary>CONNECT with the credentials, a clean session and the retained QoS 1 last will (when set).</summary>
        public MqttReasonCode Connect(MqttClient client, ushort keepAliveSeconds)
        {
            bool will = WillText != null && WillTopic != null;
            return client.Connect(ClientId, Username, Password, will, MqttQoSLevel.AtLeastOnce, will,
                will ? WillTopic : null, will ? WillText : null, true, keepAliveSeconds);
        }

        /// <summary>Parses a PEM CA certificate; null for null/empty text.</summary>
        public static X509Certificate ParseCa(string pem)
        {
            if (pem == null || pem.Length == 0) return null;
            return new X509Certificate(pem);
        }
    }
}
