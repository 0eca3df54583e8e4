using System.Threading;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Esp32.Adapters.Serial;
using CheckpointIoT.Node.Esp32.Adapters.Storage;
using nanoFramework.Runtime.Native;

namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>
    /// Provisioning mode: no door traffic, no BLE scan, LEDs alternate. Runs the Improv serial session on
    /// the service UART (the session saves node.cfg and restarts by itself) and watches the flash for a new,
    /// valid I:\config\node.cfg copied with nanoff --filedeployment (then reboots into normal mode).
    /// "New" matters: when the BOOT button forced this mode over a valid config, only a changed file ends it.
    /// </summary>
    public sealed class ProvisioningLoop
    {
        public const int BaudRate = 115200;
        public const int PollMs = 50;
        public const int ConfigCheckMs = 2000;

        private readonly FlashConfigStore _store;
        private readonly EspSerialLink _service;
        private readonly string _defaultNodeId;
        private readonly ILog _log;
        private readonly ImprovSession _improv;

        public ProvisioningLoop(FlashConfigStore store, EspSerialLink service, string defaultNodeId, string firmwareVersion, ILog log)
        {
            _store = store;
            _service = service;
            _defaultNodeId = defaultNodeId;
            _log = log;
            NodeConfig draft = NodeSetup.LoadDraft(store, defaultNodeId);
            _improv = new ImprovSession(service, new EspProvisioningActions(store, log), log, draft, defaultNodeId, firmwareVersion);
        }

        public void Run()
        {
            _log.Write(LogLevel.Info, "provisioning mode: waiting for " + FlashConfigStore.NodeConfigPath + " (nanoff --filedeployment or Improv serial on COM3)");
            byte[] buffer = new byte[256];
            string initialText = _store.ReadText(FlashConfigStore.NodeConfigPath);
            int sinceCheckMs = 0;
            _improv.Start();
            while (true)
            {
                int n;
                while ((n = _service.Read(buffer, 0, buffer.Length)) > 0) _improv.Feed(buffer, 0, n);
                _service.DataAvailable.WaitOne(PollMs, false);
                sinceCheckMs += PollMs;
                if (sinceCheckMs < ConfigCheckMs) continue;
                sinceCheckMs = 0;
                string text = _store.ReadText(FlashConfigStore.NodeConfigPath);
                if (text == null || text == initialText) continue;
                string error;
                NodeConfig config = NodeSetup.LoadNodeConfig(_store, _defaultNodeId, out error);
                if (config == null)
                {
                    _log.Write(LogLevel.Warning, "new node.cfg rejected: " + error);
                    initialText = text;
                    continue;
                }
                _log.Write(LogLevel.Info, "valid node.cfg found: rebooting into normal mode");
                Thread.Sleep(500);
                Power.RebootDevice();
            }
        }
    }
}
