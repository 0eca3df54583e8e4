namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>Byte 8 of an Improv serial packet (improv-wifi.com/serial).</summary>
    public enum ImprovPacketType
    {
        CurrentState = 0x01,  // device → client
        ErrorState = 0x02,    // device → client
        RpcCommand = 0x03,    // client → device
        RpcResult = 0x04      // device → client
    }
}
