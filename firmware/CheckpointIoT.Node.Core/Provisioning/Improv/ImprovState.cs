namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>Improv provisioning state. Serial uses 0x02..0x04; 0x00/0x01 exist in the BLE flavour and the reference SDK.</summary>
    public enum ImprovState
    {
        Stopped = 0x00,
        AwaitingAuthorization = 0x01,
        Authorized = 0x02,   // "Ready (Authorized)": ready to accept credentials
        Provisioning = 0x03, // credentials received, connecting
        Provisioned = 0x04   // connected
    }
}
