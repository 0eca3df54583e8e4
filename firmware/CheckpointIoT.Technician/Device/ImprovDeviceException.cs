using CheckpointIoT.Node.Core.Provisioning.Improv;

namespace CheckpointIoT.Technician.Device;

/// <summary>The node answered a command with an Improv error state.</summary>
public sealed class ImprovDeviceException(int command, ImprovError error)
    : Exception($"{ImprovCommand.Name(command)}: the node answered '{Describe(error)}'")
{
    public int Command { get; } = command;

    public ImprovError Error { get; } = error;

    public static string Describe(ImprovError error) => error switch
    {
        ImprovError.InvalidRpc => "invalid RPC (a field was rejected)",
        ImprovError.UnknownRpc => "unknown RPC (firmware without the CheckpointIoT commands?)",
        ImprovError.UnableToConnect => "unable to connect to the Wi-Fi network",
        ImprovError.BadHostname => "bad hostname",
        _ => "error " + (int)error,
    };
}
