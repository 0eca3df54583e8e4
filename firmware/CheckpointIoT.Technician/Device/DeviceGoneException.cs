namespace CheckpointIoT.Technician.Device;

/// <summary>The serial device went away mid-session (unplugged, the node reset its USB, socat ended); the message names the port.</summary>
public sealed class DeviceGoneException : IOException
{
    public DeviceGoneException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
