namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>LED + buzzer at the door. Show must return at once (patterns play in the background).</summary>
    public interface INodeIndicator
    {
        void Show(NodeSignal signal);
    }
}
