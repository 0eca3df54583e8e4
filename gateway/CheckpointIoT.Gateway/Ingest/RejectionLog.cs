namespace CheckpointIoT.Gateway.Ingest;

/// <summary>
/// Rate-limited logging of rejected messages, so a node sending garbage cannot fill the SD card: per node (a topic
/// that names none counts as "(bad topic)") the first rejection of a window is logged at once, the rest of the window
/// (<see cref="Window"/>, one minute) are counted and logged as one summary line with their reasons when the window has
/// passed and ingest next runs (<see cref="Flush"/>). Every rejection is still counted in /metrics by the caller.
/// At most <see cref="MaxSources"/> sources are tracked; beyond that they share one "(other nodes)" entry.
/// Not thread-safe: the one ingest loop calls it.
/// </summary>
public sealed class RejectionLog(ILogger logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public const int MaxSources = 1024;
    private const string BadTopic = "(bad topic)";
    private const string Others = "(other nodes)";
    private readonly Dictionary<string, Pending> _sources = new(StringComparer.Ordinal);

    /// <summary>Notes one rejection; logs it when it opens a window for its source.</summary>
    public void Reject(string? nodeId, string reason, long nowMs)
    {
        var source = nodeId ?? BadTopic;
        if (!_sources.ContainsKey(source) && _sources.Count >= MaxSources)
        {
            source = Others;
        }

        if (_sources.TryGetValue(source, out var pending))
        {
            if (nowMs - pending.WindowStartMs < Window.TotalMilliseconds)
            {
                pending.Count++;
                pending.Reasons[reason] = pending.Reasons.GetValueOrDefault(reason) + 1;
                return;
            }

            Summarise(source, pending);
        }

        logger.LogWarning("rejected message from node {NodeId}: {Reason} (further rejections from it are summarised once a minute)", source, reason);
        _sources[source] = new Pending(nowMs);
    }

    /// <summary>Logs the summary of every window that has passed and forgets sources that went quiet.</summary>
    public void Flush(long nowMs)
    {
        if (_sources.Count == 0)
        {
            return;
        }

        List<string>? done = null;
        foreach (var (source, pending) in _sources)
        {
            if (nowMs - pending.WindowStartMs >= Window.TotalMilliseconds)
            {
                Summarise(source, pending);
                (done ??= []).Add(source);
            }
        }

        foreach (var source in done ?? [])
        {
            _sources.Remove(source);
        }
    }

    private void Summarise(string source, Pending pending)
    {
        if (pending.Count > 0)
        {
            var reasons = string.Join(", ", pending.Reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key}={r.Value}"));
            logger.LogWarning("rejected {Count} more messages from node {NodeId} in the last minute ({Reasons})", pending.Count, source, reasons);
        }
    }

    private sealed class Pending(long windowStartMs)
    {
        public long WindowStartMs { get; } = windowStartMs;

        public int Count { get; set; }

        public Dictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);
    }
}
