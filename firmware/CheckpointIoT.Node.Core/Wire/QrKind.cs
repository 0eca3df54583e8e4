namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>What a QR code was classified as (first payload byte of a QR check-in).</summary>
    public enum QrKind
    {
        Unknown = 0,
        EuDcc = 1,          // HC1:
        NzCovidPass = 2,    // NZCP:/
        VenuePoster = 3,    // NZCOVIDTRACER:, UKC19TRACING:
        UnifiedPersonal = 4, // Decision 1405 personal QR
        ChipIdCard = 5,     // CCCD
        HealthInsurance = 6, // BHYT
        Empty = 7,
        Garbled = 8
    }
}
