namespace CheckpointIoT.Mosquitto;

/// <summary>The error texts shown when the Debian packages this project needs are missing.</summary>
public static class MosquittoInstallHints
{
    public const string LibraryNotFound = "libmosquitto.so.1 not found: install it with `sudo apt-get install libmosquitto1`";

    /// <summary>Message for a missing broker executable, listing where we looked.</summary>
    public static string ExecutableNotFound(IEnumerable<string> searched)
    {
        ArgumentNullException.ThrowIfNull(searched);
        var places = string.Join(", ", searched);
        return "mosquitto broker executable not found: install it with `sudo apt-get install mosquitto`"
            + (places.Length == 0 ? string.Empty : $" (looked in: {places})");
    }
}
