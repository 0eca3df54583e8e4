using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Tests.Fakes;

public sealed class RecordingNodeIndicator : INodeIndicator, ILog
{
    public List<NodeSignal> Signals { get; } = [];
    public List<string> Lines { get; } = [];

    public void Show(NodeSignal signal) => Signals.Add(signal);

    public void Write(LogLevel level, string message) => Lines.Add(level + " " + message);
}
