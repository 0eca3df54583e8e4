namespace CheckpointIoT.Technician.Device;

/// <summary>Improv device info (0x03): firmware name, version, chip, device name (our node id).</summary>
public sealed record DeviceInfo(string Firmware, string Version, string Chip, string Name)
{
    public static DeviceInfo FromResult(string[] s)
    {
        string At(int i) => i < s.Length ? s[i] : "";
        return new DeviceInfo(At(0), At(1), At(2), At(3));
    }
}
