namespace CheckpointIoT.Node.Core.Runtime
{
    /// <summary>A scan was handed to the controller; <paramref name="sequence"/> is 0 when it was debounced or rejected.</summary>
    public delegate void ScanEnqueuedHandler(uint sequence, byte[] data, int offset, int count);
}
