namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>
    /// RPC command ids. 0x01-0x07 are the Improv serial spec's; 0xC0-0xCF is the CheckpointIoT
    /// extension range (see Provisioning/README.md), far from the spec's ids and from 0xFF, which the
    /// reference SDK uses internally for "bad checksum".
    /// </summary>
    public static class ImprovCommand
    {
        public const int WifiSettings = 0x01;
        public const int GetCurrentState = 0x02;
        public const int GetDeviceInfo = 0x03;
        public const int GetWifiNetworks = 0x04;
        public const int Hostname = 0x05;
        public const int DeviceName = 0x06;
        public const int GetNetworkState = 0x07;

        public const int ExtensionFirst = 0xC0;
        public const int SetNodeIdentity = 0xC0;     // node id, checkpoint id, direction "in"/"out"
        public const int SetBroker = 0xC1;           // host, port, tls "0"/"1" (optional, default 1)
        public const int SetMqttCredentials = 0xC2;  // username, password (secret)
        public const int CaCertificateChunk = 0xC3;  // index, count, PEM bytes
        public const int GetNodeConfig = 0xC4;       // no data; result has no secrets
        public const int ApplyConfig = 0xC5;         // no data; validate, save, restart into normal mode
        public const int FactoryReset = 0xCF;        // "RESET"
        public const int ExtensionLast = 0xCF;

        public const string FactoryResetConfirmation = "RESET";

        public static bool IsExtension(int command)
        {
            return command >= ExtensionFirst && command <= ExtensionLast;
        }

        public static string Name(int command)
        {
            switch (command)
            {
                case WifiSettings: return "WifiSettings";
                case GetCurrentState: return "GetCurrentState";
                case GetDeviceInfo: return "GetDeviceInfo";
                case GetWifiNetworks: return "GetWifiNetworks";
                case Hostname: return "Hostname";
                case DeviceName: return "DeviceName";
                case GetNetworkState: return "GetNetworkState";
                case SetNodeIdentity: return "SetNodeIdentity";
                case SetBroker: return "SetBroker";
                case SetMqttCredentials: return "SetMqttCredentials";
                case CaCertificateChunk: return "CaCertificateChunk";
                case GetNodeConfig: return "GetNodeConfig";
                case ApplyConfig: return "ApplyConfig";
                case FactoryReset: return "FactoryReset";
                default: return "0x" + command.ToString("X2");
            }
        }
    }
}
