namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>Node log sink. Messages never carry a full ID number, name or token.</summary>
    public interface ILog
    {
        void Write(LogLevel level, string message);
    }
}
