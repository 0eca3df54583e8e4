using System;
using System.Text;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>
    /// Decodes RPC command packets into <see cref="ImprovRpcCommand"/> and builds the client-side
    /// command packets (for a host provisioning tool and tests). Payloads are length-prefixed fields
    /// (<c>len bytes len bytes ...</c>), as in the spec's Wi-Fi settings command; numbers are decimal
    /// ASCII. Never throws on bad input.
    /// </summary>
    public static class ImprovRpc
    {
        private const int MaxFields = 8;

        public static ImprovRpcCommand Decode(ImprovPacket packet)
        {
            if (packet == null) return Invalid(0, "no packet");
            if (packet.Type != (int)ImprovPacketType.RpcCommand) return Invalid(0, "not an RPC command packet");
            if (!packet.ChecksumValid) return Invalid(0, "bad checksum");
            return Decode(packet.Data, 0, packet.Length);
        }

        /// <summary>Decodes the data of an RPC command packet: <c>command len payload[len]</c>.</summary>
        public static ImprovRpcCommand Decode(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 2 || offset + count > data.Length) return Invalid(0, "RPC shorter than 2 bytes");
            int command = data[offset];
            int length = data[offset + 1];
            if (length != count - 2) return Invalid(command, "RPC length does not match");
            int[] starts = new int[MaxFields];
            int[] lengths = new int[MaxFields];
            int payload = offset + 2;

            ImprovRpcCommand rpc = new ImprovRpcCommand(command);
            switch (command)
            {
                case ImprovCommand.GetCurrentState:
                case ImprovCommand.GetDeviceInfo:
                case ImprovCommand.GetWifiNetworks:
                case ImprovCommand.GetNetworkState:
                case ImprovCommand.GetNodeConfig:
                case ImprovCommand.ApplyConfig:
                    return rpc;

                case ImprovCommand.WifiSettings:
                {
                    if (Fields(data, payload, length, starts, lengths) != 2) return Fail(rpc, "Wi-Fi settings need ssid and password");
                    if (lengths[0] < 1 || lengths[0] > 32) return Fail(rpc, "ssid must be 1-32 bytes");
                    if (lengths[1] > 64) return Fail(rpc, "password longer than 64 bytes");
                    rpc.Ssid = Text(data, starts[0], lengths[0]);
                    rpc.WifiPassword = Text(data, starts[1], lengths[1]);
                    if (rpc.Ssid == null || rpc.WifiPassword == null) return Fail(rpc, "not UTF-8");
                    return rpc;
                }

                case ImprovCommand.Hostname:
                case ImprovCommand.DeviceName:
                {
                    // The spec sends the name as the raw payload (no inner length byte); empty = get.
                    if (length == 0) return rpc;
                    rpc.Value = Text(data, payload, length);
                    if (rpc.Value == null) return Fail(rpc, "not UTF-8");
                    return rpc;
                }

                case ImprovCommand.SetNodeIdentity:
                {
                    if (Fields(data, payload, length, starts, lengths) != 3) return Fail(rpc, "need node id, checkpoint id, direction");
                    rpc.NodeId = Text(data, starts[0], lengths[0]);
                    rpc.CheckpointId = Text(data, starts[1], lengths[1]);
                    string direction = Text(data, starts[2], lengths[2]);
                    if (rpc.NodeId == null || rpc.CheckpointId == null || direction == null) return Fail(rpc, "not UTF-8");
                    if (rpc.NodeId.Length == 0 || rpc.CheckpointId.Length == 0) return Fail(rpc, "node id and checkpoint id are required");
                    if (direction == "in" || direction == "IN" || direction == "In") rpc.Direction = DoorDirection.In;
                    else if (direction == "out" || direction == "OUT" || direction == "Out") rpc.Direction = DoorDirection.Out;
                    else return Fail(rpc, "direction must be in or out");
                    return rpc;
                }

                case ImprovCommand.SetBroker:
                {
                    int n = Fields(data, payload, length, starts, lengths);
                    if (n != 2 && n != 3) return Fail(rpc, "need host, port and optionally tls");
                    rpc.BrokerHost = Text(data, starts[0], lengths[0]);
                    if (rpc.BrokerHost == null || rpc.BrokerHost.Length == 0 || rpc.BrokerHost.IndexOf(' ') >= 0) return Fail(rpc, "bad broker host");
                    int port = Number(data, starts[1], lengths[1]);
                    if (port < 1 || port > 65535) return Fail(rpc, "port must be 1-65535");
                    rpc.BrokerPort = port;
                    if (n == 3)
                    {
                        int tls = Number(data, starts[2], lengths[2]);
                        if (tls != 0 && tls != 1) return Fail(rpc, "tls must be 0 or 1");
                        rpc.BrokerUseTls = tls == 1;
                    }
                    return rpc;
                }

                case ImprovCommand.SetMqttCredentials:
                {
                    if (Fields(data, payload, length, starts, lengths) != 2) return Fail(rpc, "need username and password");
                    rpc.MqttUsername = Text(data, starts[0], lengths[0]);
                    rpc.MqttPassword = Text(data, starts[1], lengths[1]);
                    if (rpc.MqttUsername == null || rpc.MqttPassword == null) return Fail(rpc, "not UTF-8");
                    if (rpc.MqttUsername.Length == 0) return Fail(rpc, "username is required");
                    return rpc;
                }

                case ImprovCommand.CaCertificateChunk:
                {
                    if (Fields(data, payload, length, starts, lengths) != 3) return Fail(rpc, "need index, count, bytes");
                    int index = Number(data, starts[0], lengths[0]);
                    int total = Number(data, starts[1], lengths[1]);
                    if (total < 1 || total > 255 || index < 0 || index >= total) return Fail(rpc, "chunk index/count out of range");
                    if (lengths[2] == 0) return Fail(rpc, "empty chunk");
                    rpc.ChunkIndex = index;
                    rpc.ChunkCount = total;
                    byte[] chunk = new byte[lengths[2]];
                    Array.Copy(data, starts[2], chunk, 0, chunk.Length);
                    rpc.Chunk = chunk;
                    return rpc;
                }

                case ImprovCommand.FactoryReset:
                {
                    if (Fields(data, payload, length, starts, lengths) != 1) return Fail(rpc, "need confirmation");
                    if (Text(data, starts[0], lengths[0]) != ImprovCommand.FactoryResetConfirmation) return Fail(rpc, "confirmation must be RESET");
                    return rpc;
                }

                default:
                    rpc.Error = ImprovError.UnknownRpc;
                    rpc.Problem = "unknown command";
                    return rpc;
            }
        }

        /// <summary>
        /// The strings a device may send back in the RPC result to confirm a command: never a password.
        /// (For Wi-Fi settings the device adds its own URL; for reads it answers with its own data.)
        /// </summary>
        public static string[] SafeEcho(ImprovRpcCommand rpc)
        {
            if (rpc == null || !rpc.IsValid) return new string[0];
            switch (rpc.Command)
            {
                case ImprovCommand.SetNodeIdentity:
                    return new string[] { rpc.NodeId, rpc.CheckpointId, rpc.Direction == DoorDirection.In ? "in" : "out" };
                case ImprovCommand.SetBroker:
                    return new string[] { rpc.BrokerHost, rpc.BrokerPort.ToString(), rpc.BrokerUseTls ? "1" : "0" };
                case ImprovCommand.SetMqttCredentials:
                    return new string[] { rpc.MqttUsername };
                case ImprovCommand.CaCertificateChunk:
                    return new string[] { rpc.ChunkIndex.ToString(), rpc.ChunkCount.ToString(), rpc.Chunk.Length.ToString() };
                default:
                    return new string[0];
            }
        }

        /// <summary>Result for <see cref="ImprovCommand.GetNodeConfig"/>: values only, the password as "set"/"empty".</summary>
        public static byte[] BuildNodeConfigResult(string nodeId, string checkpointId, DoorDirection direction, string brokerHost, int brokerPort, bool useTls, string mqttUsername, bool passwordSet, int caBytes)
        {
            return ImprovPacket.BuildRpcResult(ImprovCommand.GetNodeConfig, new string[]
            {
                nodeId, checkpointId, direction == DoorDirection.In ? "in" : "out", brokerHost, brokerPort.ToString(),
                useTls ? "1" : "0", mqttUsername, passwordSet ? "set" : "empty", caBytes.ToString()
            });
        }

        /// <summary>Client side: a command packet whose payload is the given strings as length-prefixed UTF-8 fields.</summary>
        public static byte[] BuildCommand(int command, string[] fields)
        {
            byte[][] encoded = new byte[fields == null ? 0 : fields.Length][];
            for (int i = 0; i < encoded.Length; i++)
            {
                encoded[i] = Encoding.UTF8.GetBytes(fields[i] == null ? string.Empty : fields[i]);
            }
            return BuildCommand(command, encoded);
        }

        /// <summary>Client side: a CA certificate chunk command.</summary>
        public static byte[] BuildCaChunk(int index, int count, byte[] chunk, int offset, int length)
        {
            byte[] bytes = new byte[length];
            Array.Copy(chunk, offset, bytes, 0, length);
            return BuildCommand(ImprovCommand.CaCertificateChunk, new byte[][]
            {
                Encoding.UTF8.GetBytes(index.ToString()), Encoding.UTF8.GetBytes(count.ToString()), bytes
            });
        }

        private static byte[] BuildCommand(int command, byte[][] fields)
        {
            int total = 0;
            for (int i = 0; i < fields.Length; i++)
            {
                if (fields[i].Length > 255) throw new ArgumentException("field longer than 255 bytes", "fields");
                total += 1 + fields[i].Length;
            }
            if (total > ImprovPacket.MaxDataLength - 2) throw new ArgumentException("command longer than one packet", "fields");
            byte[] payload = new byte[total];
            int pos = 0;
            for (int i = 0; i < fields.Length; i++)
            {
                payload[pos++] = (byte)fields[i].Length;
                Array.Copy(fields[i], 0, payload, pos, fields[i].Length);
                pos += fields[i].Length;
            }
            return ImprovPacket.BuildRpcCommand(command, payload, 0, total);
        }

        /// <summary>Splits length-prefixed fields that must fill the range exactly; -1 when they do not.</summary>
        private static int Fields(byte[] data, int offset, int count, int[] starts, int[] lengths)
        {
            int pos = offset;
            int end = offset + count;
            int n = 0;
            while (pos < end)
            {
                if (n == starts.Length) return -1;
                int length = data[pos];
                if (pos + 1 + length > end) return -1;
                starts[n] = pos + 1;
                lengths[n] = length;
                n++;
                pos += 1 + length;
            }
            return n;
        }

        /// <summary>UTF-8 text, or null when the bytes are not valid UTF-8.</summary>
        private static string Text(byte[] data, int offset, int count)
        {
            if (!Utf8.IsValid(data, offset, count)) return null;
            return Utf8.Decode(data, offset, count);
        }

        /// <summary>Decimal ASCII 0..99999, or -1.</summary>
        private static int Number(byte[] data, int offset, int count)
        {
            if (count < 1 || count > 5) return -1;
            int value = 0;
            for (int i = offset; i < offset + count; i++)
            {
                int c = data[i];
                if (c < '0' || c > '9') return -1;
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private static ImprovRpcCommand Invalid(int command, string problem)
        {
            ImprovRpcCommand rpc = new ImprovRpcCommand(command);
            return Fail(rpc, problem);
        }

        private static ImprovRpcCommand Fail(ImprovRpcCommand rpc, string problem)
        {
            rpc.Error = ImprovError.InvalidRpc;
            rpc.Problem = problem;
            // Leave no half-decoded secret behind on a rejected command.
            rpc.WifiPassword = null;
            rpc.MqttPassword = null;
            return rpc;
        }
    }
}
