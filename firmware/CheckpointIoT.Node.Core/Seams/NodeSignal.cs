namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>What the door's LED and buzzer show (patterns are documented in firmware/README.md).</summary>
    public enum NodeSignal
    {
        Idle = 0,
        Pass = 1,
        Fail = 2,
        Error = 3,
        /// <summary>Gateway unreachable: the offline fallback policy let the visitor pass.</summary>
        OfflinePass = 4,
        OfflineFail = 5,
        Busy = 6,
        Provisioning = 7
    }
}
