namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>What a check-in frame carries (low 4 bits of the kind byte).</summary>
    public enum CheckinKind
    {
        QrScan = 1,
        PresenceBatch = 2,
        Status = 3
    }
}
