using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>
    /// A decoded RPC command (see <see cref="ImprovRpc.Decode(ImprovPacket)"/>). Only the fields of
    /// its <see cref="Command"/> are set. Holds secrets (Wi-Fi and MQTT passwords): log only
    /// <see cref="ToLogString"/>, answer only with <see cref="ImprovRpc.SafeEcho"/>.
    /// </summary>
    public sealed class ImprovRpcCommand
    {
        internal ImprovRpcCommand(int command)
        {
            Command = command;
            Error = ImprovError.None;
            BrokerUseTls = true;
        }

        public int Command { get; internal set; }

        /// <summary>None, InvalidRpc (malformed) or UnknownRpc (unknown command): send it as the error state.</summary>
        public ImprovError Error { get; internal set; }

        /// <summary>What was wrong (no secrets), or null.</summary>
        public string Problem { get; internal set; }

        public bool IsValid { get { return Error == ImprovError.None; } }

        // 0x01 Wi-Fi settings
        public string Ssid { get; internal set; }
        public string WifiPassword { get; internal set; }

        // 0x05 / 0x06: null = get, a value = set
        public string Value { get; internal set; }

        // 0xC0 node identity
        public string NodeId { get; internal set; }
        public string CheckpointId { get; internal set; }
        public DoorDirection Direction { get; internal set; }

        // 0xC1 broker
        public string BrokerHost { get; internal set; }
        public int BrokerPort { get; internal set; }
        public bool BrokerUseTls { get; internal set; }

        // 0xC2 MQTT credentials
        public string MqttUsername { get; internal set; }
        public string MqttPassword { get; internal set; }

        // 0xC3 CA certificate chunk
        public int ChunkIndex { get; internal set; }
        public int ChunkCount { get; internal set; }
        public byte[] Chunk { get; internal set; }

        /// <summary>Copies the values this command carries into a node configuration (validate it afterwards). False for commands that carry none.</summary>
        public bool ApplyTo(NodeConfig config)
        {
            if (config == null || !IsValid) return false;
            switch (Command)
            {
                case ImprovCommand.WifiSettings:
                    config.WifiSsid = Ssid;
                    config.WifiPassword = WifiPassword;
                    return true;
                case ImprovCommand.SetNodeIdentity:
                    config.NodeId = NodeId;
                    config.CheckpointId = CheckpointId;
                    config.Direction = Direction;
                    return true;
                case ImprovCommand.SetBroker:
                    config.BrokerHost = BrokerHost;
                    config.BrokerPort = BrokerPort;
                    config.UseTls = BrokerUseTls;
                    return true;
                case ImprovCommand.SetMqttCredentials:
                    config.MqttUsername = MqttUsername;
                    config.MqttPassword = MqttPassword;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Safe for logs: command name, validity, non-secret values; passwords only as "set"/"empty".</summary>
        public string ToLogString()
        {
            string s = "rpc=" + ImprovCommand.Name(Command);
            if (!IsValid) return s + " error=" + (Error == ImprovError.UnknownRpc ? "unknown" : "invalid") + (Problem == null ? string.Empty : " (" + Problem + ")");
            switch (Command)
            {
                case ImprovCommand.WifiSettings:
                    return s + " ssid=" + Ssid + " password=" + Presence(WifiPassword);
                case ImprovCommand.SetNodeIdentity:
                    return s + " node=" + NodeId + " checkpoint=" + CheckpointId + " direction=" + (Direction == DoorDirection.In ? "in" : "out");
                case ImprovCommand.SetBroker:
                    return s + " host=" + BrokerHost + " port=" + BrokerPort.ToString() + " tls=" + (BrokerUseTls ? "1" : "0");
                case ImprovCommand.SetMqttCredentials:
                    return s + " user=" + MqttUsername + " password=" + Presence(MqttPassword);
                case ImprovCommand.CaCertificateChunk:
                    return s + " chunk=" + (ChunkIndex + 1).ToString() + "/" + ChunkCount.ToString() + " bytes=" + (Chunk == null ? 0 : Chunk.Length).ToString();
                default:
                    return s;
            }
        }

        private static string Presence(string secret)
        {
            return secret == null || secret.Length == 0 ? "empty" : "set";
        }
    }
}
