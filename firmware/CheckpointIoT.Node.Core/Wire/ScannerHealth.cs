namespace CheckpointIoT.Node.Core.Wire
{
    public enum ScannerHealth
    {
        Unknown = 0,
        Ok = 1,
        NotResponding = 2,
        ConfigFailed = 3
    }
}
