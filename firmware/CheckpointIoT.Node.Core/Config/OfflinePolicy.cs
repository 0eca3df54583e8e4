namespace CheckpointIoT.Node.Core.Config
{
    /// <summary>What the door shows when the gateway does not answer in time.</summary>
    public enum OfflinePolicy
    {
        /// <summary>Pass recognised personal QR kinds (ID card, 1405, BHYT, certificates); fail the rest. The default: nobody is turned away for a network fault, and every scan is queued for the gateway.</summary>
        PassRecognised = 0,
        PassAll = 1,
        FailAll = 2
    }
}
