namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>MQTT topic layout v1: <c>cp/v1/&lt;nodeId&gt;/&lt;leaf&gt;</c>.</summary>
    public static class Topics
    {
        public const string Prefix = "cp/v1/";
        public const string UpLeaf = "up";
        public const string VerdictLeaf = "verdict";
        public const string StatusLeaf = "status";
        public const string ConfigLeaf = "config";

        /// <summary>Node → gateway check-ins (QR, presence), QoS 1.</summary>
        public static string Up(string nodeId) { return Prefix + nodeId + "/" + UpLeaf; }

        /// <summary>Gateway → node verdicts and acknowledgements, QoS 1.</summary>
        public static string Verdict(string nodeId) { return Prefix + nodeId + "/" + VerdictLeaf; }

        /// <summary>Node → gateway status, retained; also the node's last will.</summary>
        public static string Status(string nodeId) { return Prefix + nodeId + "/" + StatusLeaf; }

        /// <summary>Gateway → node configuration, retained.</summary>
        public static string Config(string nodeId) { return Prefix + nodeId + "/" + ConfigLeaf; }

        /// <summary>Splits <c>cp/v1/&lt;node&gt;/&lt;leaf&gt;</c>; false for any other shape.</summary>
        public static bool TryParse(string topic, out string nodeId, out string leaf)
        {
            nodeId = null;
            leaf = null;
            if (topic == null || !topic.StartsWith(Prefix)) return false;
            int slash = topic.IndexOf('/', Prefix.Length);
            if (slash < 0 || topic.IndexOf('/', slash + 1) >= 0) return false;
            nodeId = topic.Substring(Prefix.Length, slash - Prefix.Length);
            leaf = topic.Substring(slash + 1);
            return WireFormat.IsValidNodeId(nodeId) && leaf.Length > 0;
        }
    }
}
