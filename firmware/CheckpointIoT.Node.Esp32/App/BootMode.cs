namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>
    /// The node runs in one of two modes per boot. BLE scanning and a GATT server cannot run together on
    /// the nanoFramework Bluetooth stack, and provisioning must not compete with door traffic, so the
    /// mode is chosen once at boot and a change of mode is a reboot.
    /// </summary>
    public enum BootMode
    {
        /// <summary>Valid config: Wi-Fi, MQTT, scanner, BLE presence.</summary>
        Normal = 0,

        /// <summary>No valid config, or BOOT held during the boot window: Improv serial on the service UART, LEDs alternate.</summary>
        Provisioning = 1
    }
}
