namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>Improv error state (packet type 0x02).</summary>
    public enum ImprovError
    {
        None = 0x00,
        InvalidRpc = 0x01,      // malformed RPC packet (also: bad checksum)
        UnknownRpc = 0x02,      // command not known
        UnableToConnect = 0x03, // credentials received, connection failed
        NotAuthorized = 0x04,   // BLE flavour / reference SDK
        BadHostname = 0x05,     // hostname not acceptable
        Unknown = 0xFF
    }
}
