using System;
using System.Text;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Config
{
    /// <summary>
    /// A node's configuration, stored on flash as <c>key=value</c> lines. <see cref="Validate"/> names the
    /// first bad key; <see cref="ToSafeText"/> is the form that may be logged or echoed (no secrets).
    /// </summary>
    public sealed class NodeConfig
    {
        public string NodeId;
        public string CheckpointId;
        public DoorDirection Direction = DoorDirection.In;
        public string BrokerHost;
        public int BrokerPort = 1883;
        public string MqttUsername;
        public string MqttPassword;
        public bool UseTls;
        public string WifiSsid;
        public string WifiPassword;
        public int VerdictTimeoutMs = 1500;
        public int DebounceMs = 3000;
        public OfflinePolicy OfflinePolicy = OfflinePolicy.PassRecognised;
        public int AtDoorRssi = -70;
        public int PresenceCapacity = 256;
        public int PresenceFlushSeconds = 60;
        public int StatusIntervalSeconds = 60;
        public int QueueMaxBytes = 512 * 1024;

        private static readonly string[] SecretKeys = new string[] { "mqtt_password", "wifi_password" };

        /// <summary>Null when valid, else "key: problem" for the first bad key.</summary>
        public string Validate()
        {
            if (!WireFormat.IsValidNodeId(NodeId)) return "node_id: 1-32 characters of a-z, 0-9 and '-' (e.g. n-a1b2c3)";
            if (!IsToken(CheckpointId, 64)) return "checkpoint_id: 1-64 characters of a-z, A-Z, 0-9, '-', '_' or '.'";
            if (Direction != DoorDirection.In && Direction != DoorDirection.Out) return "direction: must be in or out";
            if (BrokerHost == null || BrokerHost.Length == 0 || BrokerHost.Length > 253 || BrokerHost.IndexOf(' ') >= 0) return "broker_host: a host name or IP address is required";
            if (BrokerPort < 1 || BrokerPort > 65535) return "broker_port: must be 1-65535";
            if (MqttUsername == null || MqttUsername.Length == 0) return "mqtt_username: required (the gateway gives it at enrolment)";
            if (MqttPassword == null || MqttPassword.Length < 8) return "mqtt_password: at least 8 characters";
            if (WifiSsid != null && WifiSsid.Length > 32) return "wifi_ssid: at most 32 bytes";
            if (WifiPassword != null && WifiPassword.Length > 0 && (WifiPassword.Length < 8 || WifiPassword.Length > 63)) return "wifi_password: 8-63 characters (WPA2) or empty for an open network";
            if (VerdictTimeoutMs < 100 || VerdictTimeoutMs > 30000) return "verdict_timeout_ms: must be 100-30000";
            if (DebounceMs < 0 || DebounceMs > 600000) return "debounce_ms: must be 0-600000";
            if (AtDoorRssi < -120 || AtDoorRssi > 0) return "at_door_rssi: must be -120..0 dBm";
            if (PresenceCapacity < 8 || PresenceCapacity > 4096) return "presence_capacity: must be 8-4096";
            if (PresenceFlushSeconds < 5 || PresenceFlushSeconds > 3600) return "presence_flush_s: must be 5-3600";
            if (StatusIntervalSeconds < 5 || StatusIntervalSeconds > 3600) return "status_interval_s: must be 5-3600";
            if (QueueMaxBytes < 16 * 1024) return "queue_max_bytes: at least 16384";
            return null;
        }

        /// <summary>Parses key=value lines (# comments, blank lines ignored). Returns null and sets error naming the key on failure.</summary>
        public static NodeConfig Parse(string text, out string error)
        {
            NodeConfig config = new NodeConfig();
            error = null;
            if (text == null) text = string.Empty;
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    error = "line " + (i + 1) + ": expected key=value";
                    return null;
                }
                string key = line.Substring(0, eq).Trim();
                string value = line.Substring(eq + 1).Trim();
                error = config.Set(key, value);
                if (error != null) return null;
            }
            error = config.Validate();
            return error == null ? config : null;
        }

        /// <summary>Sets one key; returns null or an error naming the key (also used by provisioning).</summary>
        public string Set(string key, string value)
        {
            int number;
            switch (key)
            {
                case "node_id": NodeId = value; return null;
                case "checkpoint_id": CheckpointId = value; return null;
                case "direction":
                    if (value == "in") Direction = DoorDirection.In;
                    else if (value == "out") Direction = DoorDirection.Out;
                    else return "direction: must be in or out";
                    return null;
                case "broker_host": BrokerHost = value; return null;
                case "broker_port": if (!TryInt(value, out number)) return "broker_port: not a number"; BrokerPort = number; return null;
                case "mqtt_username": MqttUsername = value; return null;
                case "mqtt_password": MqttPassword = value; return null;
                case "use_tls": UseTls = value == "true" || value == "1"; if (!UseTls && value != "false" && value != "0") return "use_tls: true or false"; return null;
                case "wifi_ssid": WifiSsid = value; return null;
                case "wifi_password": WifiPassword = value; return null;
                case "verdict_timeout_ms": if (!TryInt(value, out number)) return "verdict_timeout_ms: not a number"; VerdictTimeoutMs = number; return null;
                case "debounce_ms": if (!TryInt(value, out number)) return "debounce_ms: not a number"; DebounceMs = number; return null;
                case "offline_policy":
                    if (value == "pass-recognised") OfflinePolicy = OfflinePolicy.PassRecognised;
                    else if (value == "pass-all") OfflinePolicy = OfflinePolicy.PassAll;
                    else if (value == "fail-all") OfflinePolicy = OfflinePolicy.FailAll;
                    else return "offline_policy: pass-recognised, pass-all or fail-all";
                    return null;
                case "at_door_rssi": if (!TryInt(value, out number)) return "at_door_rssi: not a number"; AtDoorRssi = number; return null;
                case "presence_capacity": if (!TryInt(value, out number)) return "presence_capacity: not a number"; PresenceCapacity = number; return null;
                case "presence_flush_s": if (!TryInt(value, out number)) return "presence_flush_s: not a number"; PresenceFlushSeconds = number; return null;
                case "status_interval_s": if (!TryInt(value, out number)) return "status_interval_s: not a number"; StatusIntervalSeconds = number; return null;
                case "queue_max_bytes": if (!TryInt(value, out number)) return "queue_max_bytes: not a number"; QueueMaxBytes = number; return null;
                default: return key + ": unknown key";
            }
        }

        /// <summary>The flash form, secrets included.</summary>
        public string ToText()
        {
            return Render(false);
        }

        /// <summary>The loggable form: secrets shown as "(set)" or "(empty)".</summary>
        public string ToSafeText()
        {
            return Render(true);
        }

        private string Render(bool hideSecrets)
        {
            StringBuilder builder = new StringBuilder();
            Append(builder, "node_id", NodeId, hideSecrets);
            Append(builder, "checkpoint_id", CheckpointId, hideSecrets);
            Append(builder, "direction", Direction == DoorDirection.Out ? "out" : "in", hideSecrets);
            Append(builder, "broker_host", BrokerHost, hideSecrets);
            Append(builder, "broker_port", BrokerPort.ToString(), hideSecrets);
            Append(builder, "mqtt_username", MqttUsername, hideSecrets);
            Append(builder, "mqtt_password", MqttPassword, hideSecrets);
            Append(builder, "use_tls", UseTls ? "true" : "false", hideSecrets);
            Append(builder, "wifi_ssid", WifiSsid, hideSecrets);
            Append(builder, "wifi_password", WifiPassword, hideSecrets);
            Append(builder, "verdict_timeout_ms", VerdictTimeoutMs.ToString(), hideSecrets);
            Append(builder, "debounce_ms", DebounceMs.ToString(), hideSecrets);
            Append(builder, "offline_policy", OfflinePolicy == OfflinePolicy.PassAll ? "pass-all" : (OfflinePolicy == OfflinePolicy.FailAll ? "fail-all" : "pass-recognised"), hideSecrets);
            Append(builder, "at_door_rssi", AtDoorRssi.ToString(), hideSecrets);
            Append(builder, "presence_capacity", PresenceCapacity.ToString(), hideSecrets);
            Append(builder, "presence_flush_s", PresenceFlushSeconds.ToString(), hideSecrets);
            Append(builder, "status_interval_s", StatusIntervalSeconds.ToString(), hideSecrets);
            Append(builder, "queue_max_bytes", QueueMaxBytes.ToString(), hideSecrets);
            return builder.ToString();
        }

        private static void Append(StringBuilder builder, string key, string value, bool hideSecrets)
        {
            if (value == null) value = string.Empty;
            if (hideSecrets && IsSecret(key)) value = value.Length == 0 ? "(empty)" : "(set)";
            builder.Append(key);
            builder.Append('=');
            builder.Append(value);
            builder.Append('\n');
        }

        public static bool IsSecret(string key)
        {
            for (int i = 0; i < SecretKeys.Length; i++)
            {
                if (SecretKeys[i] == key) return true;
            }
            return false;
        }

        private static bool IsToken(string value, int maxLength)
        {
            if (value == null || value.Length == 0 || value.Length > maxLength) return false;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!ok) return false;
            }
            return true;
        }

        private static bool TryInt(string text, out int value)
        {
            value = 0;
            if (text == null || text.Length == 0 || text.Length > 10) return false;
            bool negative = text[0] == '-';
            int start = negative ? 1 : 0;
            if (start == text.Length) return false;
            long result = 0;
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return false;
                result = result * 10 + (c - '0');
            }
            if (negative) result = -result;
            if (result > int.MaxValue || result < int.MinValue) return false;
            value = (int)result;
            return true;
        }
    }
}
