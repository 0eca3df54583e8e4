using System.Globalization;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// Replays BLE advertisements from a text file, one per line: <c>&lt;rssi&gt; &lt;address hex&gt; &lt;AD bytes hex&gt;</c>
/// (e.g. <c>-58 a1b2c3d4e5f6 03036ffd17166ffd...</c>); blank lines and '#' comments are skipped.
/// The file is played in a loop, one line per <c>interval</c>.
/// </summary>
public sealed class ReplayBleScanner : IBleScanner, IDisposable
{
    private readonly IReadOnlyList<(int Rssi, byte[] Address, byte[] Data)> _adverts;
    private readonly TimeSpan _interval;
    private Timer? _timer;
    private int _next;

    public ReplayBleScanner(string path, TimeSpan interval)
    {
        _adverts = Parse(File.ReadAllLines(path), path);
        _interval = interval;
    }

    public event AdvertisementHandler? AdvertisementReceived;

    public static IReadOnlyList<(int Rssi, byte[] Address, byte[] Data)> Parse(IEnumerable<string> lines, string source)
    {
        var result = new List<(int, byte[], byte[])>();
        int number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int rssi))
            {
                throw new FormatException($"{source}:{number}: expected '<rssi> <address hex> <advertisement hex>'");
            }
            try
            {
                result.Add((rssi, Convert.FromHexString(parts[1]), Convert.FromHexString(parts[2])));
            }
            catch (FormatException)
            {
                throw new FormatException($"{source}:{number}: address and advertisement must be hex");
            }
        }
        return result;
    }

    public void Start()
    {
        if (_adverts.Count == 0) return;
        _timer = new Timer(_ => Emit(), null, _interval, _interval);
    }

    public void Stop() => _timer?.Dispose();

    private void Emit()
    {
        var (rssi, address, data) = _adverts[_next];
        _next = (_next + 1) % _adverts.Count;
        AdvertisementReceived?.Invoke(address, rssi, data, 0, data.Length);
    }

    public void Dispose() => Stop();
}
