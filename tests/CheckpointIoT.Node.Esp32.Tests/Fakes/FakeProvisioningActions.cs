using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning;

namespace CheckpointIoT.Node.Esp32.Tests.Fakes;

/// <summary>Records what the Improv session asks the device to do; Wi-Fi joins succeed or fail on demand.</summary>
public sealed class FakeProvisioningActions : IProvisioningActions
{
    public bool JoinSucceeds { get; set; } = true;

    public bool SaveSucceeds { get; set; } = true;

    public List<(string Ssid, string Password)> Joins { get; } = new();

    public string SavedConfigText { get; private set; }

    public byte[] SavedCa { get; private set; }

    public int Saves { get; private set; }

    public int StoredCa { get; set; }

    public bool FactoryResetDone { get; private set; }

    public List<int> Restarts { get; } = new();

    public string[] Networks { get; set; } = Array.Empty<string>();

    public bool TryJoinWifi(string ssid, string password)
    {
        Joins.Add((ssid, password));
        return JoinSucceeds;
    }

    public string[] ScanNetworks() => Networks;

    public bool Save(NodeConfig config, byte[] caPem)
    {
        Saves++;
        if (!SaveSucceeds) return false;
        SavedConfigText = config.ToText();
        SavedCa = caPem;
        return true;
    }

    public void FactoryReset() => FactoryResetDone = true;

    public int StoredCaBytes() => StoredCa;

    public void Restart(int delayMs) => Restarts.Add(delayMs);
}
