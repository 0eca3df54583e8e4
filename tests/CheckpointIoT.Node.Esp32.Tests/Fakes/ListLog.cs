using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Esp32.Tests.Fakes;

public sealed class ListLog : ILog
{
    public List<string> Lines { get; } = new();

    public void Write(LogLevel level, string message) => Lines.Add(level + " " + message);
}
