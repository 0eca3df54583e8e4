using System.Globalization;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Remembers which port the embedded broker ended up on (<c>broker/port</c>: "configured chosen"), so that after a
/// restart the broker comes back on the port the nodes were enrolled with, not on whatever happens to be free.
/// The memory is used only while Gateway:Broker:Port is unchanged.
/// </summary>
public static class BrokerPortMemory
{
    public static int Preferred(string directory, int configuredPort)
    {
        var path = Path.Combine(directory, "port");
        try
        {
            var parts = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int configured)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int chosen)
                && configured == configuredPort && chosen is > 0 and <= 65535)
            {
                return chosen;
            }
        }
        catch (IOException)
        {
        }
        return configuredPort;
    }

    public static void Remember(string directory, int configuredPort, int chosenPort)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "port");
        File.WriteAllText(path + ".tmp", string.Create(CultureInfo.InvariantCulture, $"{configuredPort} {chosenPort}\n"));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
