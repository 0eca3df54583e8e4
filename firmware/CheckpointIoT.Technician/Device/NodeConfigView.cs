namespace CheckpointIoT.Technician.Device;

/// <summary>The node's answer to GetNodeConfig (0xC4): values only; the MQTT password only as set/empty.</summary>
public sealed record NodeConfigView(string NodeId, string CheckpointId, string Direction, string BrokerHost, string BrokerPort,
    bool UseTls, string MqttUsername, bool PasswordSet, int CaBytes)
{
    public static NodeConfigView FromResult(string[] s)
    {
        string At(int i) => i < s.Length ? s[i] : "";
        int.TryParse(At(8), out int ca);
        return new NodeConfigView(At(0), At(1), At(2), At(3), At(4), At(5) == "1", At(6), At(7) == "set", ca);
    }

    /// <summary>True when the node already holds a complete identity and credentials (re-provisioning).</summary>
    public bool LooksProvisioned => CheckpointId.Length > 0 && MqttUsername.Length > 0 && PasswordSet;
}
