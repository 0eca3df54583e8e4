using System.Device.Gpio;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Esp32.Adapters.Ble;
using CheckpointIoT.Node.Esp32.Adapters.Indicator;
using CheckpointIoT.Node.Esp32.Adapters.Mqtt;
using CheckpointIoT.Node.Esp32.Adapters.Serial;
using CheckpointIoT.Node.Esp32.Adapters.Storage;
using CheckpointIoT.Node.Esp32.Adapters.System;
using CheckpointIoT.Node.Esp32.Adapters.Time;
using CheckpointIoT.Node.Esp32.Adapters.Wifi;
using CheckpointIoT.Node.Esp32.App;

namespace CheckpointIoT.Node.Esp32
{
    /// <summary>
    /// Composition root of the door node: reads the config from flash, picks the boot mode, builds the
    /// adapters, hands them to the portable core and runs it. No behaviour lives here.
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "0.1.0";

        public static void Main()
        {
            ConsoleLog log = new ConsoleLog();
            log.Write(LogLevel.Info, "CheckpointIoT door node " + FirmwareVersion + " starting");

            FlashConfigStore store = new FlashConfigStore();
            BoardProfile board = NodeSetup.LoadBoard(store, log);
            GpioController gpio = new GpioController();
            GpioIndicator indicator = new GpioIndicator(gpio, board.GreenLedPin, board.RedLedPin, board.BuzzerPin,
                board.PassiveBuzzer, board.LedsActiveLow);
            indicator.Play(IndicatorPatterns.Boot);

            string defaultNodeId = NodeIdentity.DefaultNodeId();
            string configError;
            NodeConfig config = NodeSetup.LoadNodeConfig(store, defaultNodeId, out configError);
            bool buttonHeld = BootSelector.ButtonHeld(gpio, board.BootButtonPin);
            BootMode mode = BootSelector.Choose(buttonHeld, config != null);
            log.Write(LogLevel.Info, "node " + (config != null ? config.NodeId : defaultNodeId) + ", boot mode " +
                (mode == BootMode.Normal ? "normal" : "provisioning") +
                (buttonHeld ? " (BOOT button held)" : (configError != null ? " (" + configError + ")" : string.Empty)));

            if (mode == BootMode.Provisioning)
            {
                indicator.Show(NodeSignal.Provisioning);
                EspSerialLink service = EspSerialLink.OpenServicePort(board.ServiceTxPin, board.ServiceRxPin, ProvisioningLoop.BaudRate);
                new ProvisioningLoop(store, service, defaultNodeId, FirmwareVersion, log).Run();
                return;
            }

            Supervisor supervisor = new Supervisor(log, Supervisor.DefaultStallLimitMs);
            supervisor.Start();

            WifiConnector wifi = new WifiConnector(config.WifiSsid, config.WifiPassword, log);
            if (!new WifiKeeper(wifi).Start()) log.Write(LogLevel.Error, "wifi_ssid is empty: the node stays offline (scans are queued)");
            SntpClock clock = new SntpClock();
            clock.Start(config.BrokerHost, board.NtpServer);

            OfflineQueue queue = new OfflineQueue(new FlashQueueStorage(FlashQueueStorage.DefaultDirectory), NodeSetup.QueueOptionsFor(config, log));
            queue.Open();
            PresenceTable presence = board.BleEnabled ? new PresenceTable(config.PresenceCapacity, config.AtDoorRssi) : null;

            M2MqttLink mqtt = new M2MqttLink(NodeSetup.EndpointFor(config, store, FirmwareVersion), log);
            NodeController controller = new NodeController(config, new NodeParts
            {
                Mqtt = mqtt,
                Clock = clock,
                Indicator = indicator,
                Log = log,
                System = new EspSystemMonitor(wifi),
                Queue = queue,
                Presence = presence,
                FirmwareVersion = FirmwareVersion
            });

            EspSerialLink scannerLink = EspSerialLink.OpenScannerPort(board.ScannerTxPin, board.ScannerRxPin, 9600);
            Gm65Driver scanner = new Gm65Driver(scannerLink, new ScannerSettings(), log);

            EspBleScanner ble = null;
            if (presence != null)
            {
                ble = new EspBleScanner(log, board.BleIntervalMs, board.BleWindowMs);
                ble.AdvertisementReceived += controller.OnAdvertisement;
                ble.Start();
            }

            new NodeLoop(controller, scanner, scannerLink, ble, indicator, clock, supervisor, new MemoryWatch(presence, log), log).Run();
        }
    }
}
