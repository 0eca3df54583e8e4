using System.Collections.Concurrent;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>The simulator's LED/buzzer: remembers every signal and reports it to the log.</summary>
public sealed class RecordingIndicator : INodeIndicator
{
    private readonly ILog _log;
    private readonly ConcurrentQueue<NodeSignal> _history = new();

    public RecordingIndicator(ILog log) => _log = log;

    public event Action<NodeSignal>? Shown;

    public IReadOnlyCollection<NodeSignal> History => _history;

    public void Show(NodeSignal signal)
    {
        _history.Enqueue(signal);
        while (_history.Count > 1000 && _history.TryDequeue(out _)) { }
        if (signal != NodeSignal.Busy) _log.Write(LogLevel.Debug, "indicator: " + signal);
        Shown?.Invoke(signal);
    }
}
