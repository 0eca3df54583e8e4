namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>Zone 0x0060 bits 6..5.</summary>
    public enum ScannerTerminator
    {
        Cr = 0,
        CrLf = 1,
        Tab = 2,
        None = 3
    }
}
