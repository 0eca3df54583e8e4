namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>Advertising data (AD) structure types used by the classifier (Bluetooth Core Supplement, part A).</summary>
    public static class AdType
    {
        public const int Flags = 0x01;
        public const int Incomplete16BitUuids = 0x02;
        public const int Complete16BitUuids = 0x03;
        public const int Incomplete128BitUuids = 0x06;
        public const int Complete128BitUuids = 0x07;
        public const int ShortenedLocalName = 0x08;
        public const int CompleteLocalName = 0x09;
        public const int TxPowerLevel = 0x0A;
        public const int ServiceData16BitUuid = 0x16;
        public const int ManufacturerSpecificData = 0xFF;
    }
}
