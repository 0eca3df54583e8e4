using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>The simulator's LED/buzzer: counts every signal shown and reports it to the log.</summary>
public sealed class RecordingIndicator : INodeIndicator
{
    private readonly ILog _log;
    private readonly int[] _counts = new int[Enum.GetValues<NodeSignal>().Length];

    public RecordingIndicator(ILog log) => _log = log;

    public event Action<NodeSignal>? Shown;

    /// <summary>How often <paramref name="signal"/> was shown since start.</summary>
    public int Count(NodeSignal signal) => Volatile.Read(ref _counts[(int)signal]);

    public void Show(NodeSignal signal)
    {
        Interlocked.Increment(ref _counts[(int)signal]);
        if (signal != NodeSignal.Busy) _log.Write(LogLevel.Debug, "indicator: " + signal);
        Shown?.Invoke(signal);
    }
}
