using System.Net.NetworkInformation;

namespace CheckpointIoT.Node.Esp32.Adapters.System
{
    /// <summary>
    /// The node's default id from the Wi-Fi MAC: <c>n-</c> + the last three bytes in lowercase hex
    /// (e.g. <c>n-a1b2c3</c>), which satisfies WireFormat.IsValidNodeId. Used when node.cfg has no
    /// node_id and as the Improv device name.
    /// </summary>
    public static class NodeIdentity
    {
        private const string HexDigits = "0123456789abcdef";

        /// <summary>The Wi-Fi station MAC, or null when no Wi-Fi interface reports one.</summary>
        public static byte[] WifiMac()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType != NetworkInterfaceType.Wireless80211) continue;
                byte[] mac = interfaces[i].PhysicalAddress;
                if (mac != null && mac.Length >= 3) return mac;
            }
            return null;
        }

        /// <summary><c>n-xxxxxx</c> from the MAC; <c>n-000000</c> when there is no MAC (never expected on an ESP32).</summary>
        public static string DefaultNodeId()
        {
            return FromMac(WifiMac());
        }

        public static string FromMac(byte[] mac)
        {
            if (mac == null || mac.Length < 3) return "n-000000";
            char[] text = new char[8];
            text[0] = 'n';
            text[1] = '-';
            for (int i = 0; i < 3; i++)
            {
                int b = mac[mac.Length - 3 + i];
                text[2 + i * 2] = HexDigits[(b >> 4) & 0xF];
                text[3 + i * 2] = HexDigits[b & 0xF];
            }
            return new string(text);
        }
    }
}
