namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>Zone 0x0000 bits 1..0.</summary>
    public enum ScannerTriggerMode
    {
        Manual = 0,
        Command = 1,
        Continuous = 2,
        Sensor = 3
    }
}
