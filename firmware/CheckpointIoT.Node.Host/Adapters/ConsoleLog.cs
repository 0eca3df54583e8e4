using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>Writes node log lines to stdout as "time node level message".</summary>
public sealed class ConsoleLog : ILog
{
    private static readonly object Gate = new();
    private readonly string _nodeId;
    private readonly LogLevel _minimum;

    public ConsoleLog(string nodeId, LogLevel minimum)
    {
        _nodeId = nodeId;
        _minimum = minimum;
    }

    public void Write(LogLevel level, string message)
    {
        if (level < _minimum) return;
        lock (Gate)
        {
            Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {_nodeId} {level.ToString().ToLowerInvariant()} {message}");
        }
    }
}
