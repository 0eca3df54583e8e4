namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>One received BLE advertisement: raw AD structures in data[offset..offset+count).</summary>
    public delegate void AdvertisementHandler(byte[] address, int rssi, byte[] data, int offset, int count);
}
