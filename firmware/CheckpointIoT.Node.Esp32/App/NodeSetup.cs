using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Esp32.Adapters.Mqtt;
using CheckpointIoT.Node.Esp32.Adapters.Storage;

namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>
    /// Turns the files on flash into validated settings for the composition root. Every problem is
    /// reported with the key it is about (NodeConfig.Validate / BoardProfile.Parse), never with a secret.
    /// </summary>
    public static class NodeSetup
    {
        /// <summary>
        /// Queue budget on a 4 MB ESP32: the I: drive is the 256 KB "config" partition (littlefs), shared
        /// with the Wi-Fi config and certificates; the queue uses up to 2 × budget + 2 segments of it.
        /// </summary>
        public const int MaxQueueBytesOnFlash = 64 * 1024;
        public const int QueueSegmentBytes = 16 * 1024;

        public static BoardProfile LoadBoard(FlashConfigStore store, ILog log)
        {
            store.Recover(FlashConfigStore.BoardConfigPath);
            string error;
            BoardProfile board = BoardProfile.Parse(store.ReadText(FlashConfigStore.BoardConfigPath), out error);
            if (board != null) return board;
            log.Write(LogLevel.Error, error + ": using the default wiring (hardware/README.md)");
            return new BoardProfile();
        }

        /// <summary>
        /// node.cfg parsed and validated, or null with <paramref name="error"/> naming the key. A missing
        /// node_id is filled in with the MAC-derived default; use_tls=true needs I:\config\ca.pem.
        /// </summary>
        public static NodeConfig LoadNodeConfig(FlashConfigStore store, string defaultNodeId, out string error)
        {
            store.Recover(FlashConfigStore.NodeConfigPath);
            string text = store.ReadText(FlashConfigStore.NodeConfigPath);
            if (text == null)
            {
                error = "no " + FlashConfigStore.NodeConfigPath;
                return null;
            }
            if (!HasKey(text, "node_id")) text = "node_id=" + defaultNodeId + "\n" + text;
            NodeConfig config = NodeConfig.Parse(text, out error);
            if (config == null) return null;
            if (config.UseTls && store.ReadText(FlashConfigStore.CaCertPath) == null)
            {
                error = "use_tls: true needs the broker CA in " + FlashConfigStore.CaCertPath;
                return null;
            }
            return config;
        }

        /// <summary>
        /// Whatever node.cfg holds, key by key, without validation: the starting point of a provisioning
        /// session, so a technician only sends what is missing or wrong. Never null.
        /// </summary>
        public static NodeConfig LoadDraft(FlashConfigStore store, string defaultNodeId)
        {
            NodeConfig draft = new NodeConfig();
            draft.NodeId = defaultNodeId;
            string text = store.ReadText(FlashConfigStore.NodeConfigPath);
            if (text == null) return draft;
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                int eq = line.IndexOf('=');
                if (line.Length == 0 || line[0] == '#' || eq <= 0) continue;
                draft.Set(line.Substring(0, eq).Trim(), line.Substring(eq + 1).Trim());
            }
            return draft;
        }

        public static QueueOptions QueueOptionsFor(NodeConfig config, ILog log)
        {
            QueueOptions options = new QueueOptions();
            options.SegmentBytes = QueueSegmentBytes;
            options.MaxBytes = config.QueueMaxBytes;
            if (options.MaxBytes > MaxQueueBytesOnFlash)
            {
                log.Write(LogLevel.Warning, "queue_max_bytes " + config.QueueMaxBytes + " does not fit the 256 KB flash drive: using " + MaxQueueBytesOnFlash);
                options.MaxBytes = MaxQueueBytesOnFlash;
            }
            return options;
        }

        public static MqttEndpoint EndpointFor(NodeConfig config, FlashConfigStore store, string firmwareVersion)
        {
            MqttEndpoint endpoint = new MqttEndpoint();
            endpoint.Host = config.BrokerHost;
            endpoint.Port = config.BrokerPort;
            endpoint.ClientId = config.NodeId;
            endpoint.Username = config.MqttUsername;
            endpoint.Password = config.MqttPassword;
            endpoint.CaCertificate = config.UseTls ? MqttEndpoint.ParseCa(store.ReadText(FlashConfigStore.CaCertPath)) : null;
            endpoint.WillTopic = Topics.Status(config.NodeId);
            endpoint.WillText = WillText.FromFrame(NodeController.BuildLastWill(config, firmwareVersion));
            return endpoint;
        }

        private static bool HasKey(string text, string key)
        {
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.StartsWith(key) && line.Length > key.Length && (line[key.Length] == '=' || line[key.Length] == ' ')) return true;
            }
            return false;
        }
    }
}
