using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Controller
{
    /// <summary>What a host (ESP32 app or simulator) hands the controller: the hardware seams and the stores.</summary>
    public sealed class NodeParts
    {
        public IMqttLink Mqtt;
        public IClock Clock;
        public INodeIndicator Indicator;
        public ILog Log;
        public ISystemMonitor System;
        public OfflineQueue Queue;
        /// <summary>Optional: null on a node without BLE.</summary>
        public PresenceTable Presence;
        public string FirmwareVersion = "0.0.0";
    }
}
