namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>Passive BLE advertisement scanning (ESP32: BluetoothLEAdvertisementWatcher; host: a replay file).</summary>
    public interface IBleScanner
    {
        event AdvertisementHandler AdvertisementReceived;

        void Start();

        void Stop();
    }
}
