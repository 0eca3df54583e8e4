namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>What kind of BLE advertiser a presence record is about (one byte on the wire).</summary>
    public enum BeaconType
    {
        Other = 0,
        Gaen = 1,
        BluezoneAndroid = 2,
        BluezoneIos = 3,
        BluezoneV1 = 4,
        BlueTrace = 5,
        IBeacon = 6,
        Eddystone = 7
    }
}
