namespace CheckpointIoT.Node.Host.Simulation;

/// <summary>
/// QR codes to present, one per line (UTF-8; a trailing CR is dropped as a scanner would send it;
/// blank lines skipped; a line may hold any text, '#' included, since QR codes can).
/// </summary>
public static class ScanFile
{
    public static IReadOnlyList<string> Read(string path) =>
        File.ReadAllLines(path).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
