using System.Text;

namespace CheckpointIoT.Node.Host.Simulation;

/// <summary>
/// The soak's record of what the nodes made: one line "&lt;nodeId&gt; &lt;sequence&gt;" per scan a node enqueued,
/// appended and flushed right after the enqueue, so a SIGKILLed simulator loses at most the one scan it was
/// enqueuing (which the soak counts as "unledgered", never as a duplicate). Holds no personal data: only node ids
/// and sequence numbers.
/// </summary>
public sealed class ScanLedger : IDisposable
{
    private readonly FileStream _file;
    private readonly object _sync = new();

    public ScanLedger(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>Records one enqueued scan; a sequence of 0 (scan rejected or debounced, nothing enqueued) is skipped.</summary>
    public void Record(string nodeId, uint sequence)
    {
        if (sequence == 0) return;
        byte[] line = Encoding.ASCII.GetBytes(nodeId + " " + sequence + "\n");
        lock (_sync)
        {
            _file.Write(line);
            _file.Flush();
        }
    }

    public void Dispose() => _file.Dispose();
}
