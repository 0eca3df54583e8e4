using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Provisioning
{
    /// <summary>
    /// The device side of Improv serial in provisioning mode, hardware-free. States (ImprovState):
    /// Authorized (ready) ─WifiSettings─► Provisioning ─joined─► Provisioned, or ─failed─► UnableToConnect
    /// error and back to Authorized. The CheckpointIoT commands (0xC0-0xC5) fill a draft NodeConfig that
    /// starts from the node's current config; ApplyConfig validates it (the error names the key), saves it
    /// and restarts into normal mode. A successful WifiSettings on a draft that is already valid (e.g. ESP Web
    /// Tools re-provisioning Wi-Fi only) saves and restarts as well, unless the client has used any extension
    /// command in this session (it then ends with ApplyConfig). Results never carry a secret.
    /// ApplyConfig answers "ok", node id, or "error", "key: problem".
    /// Portable: the ESP32 app (EspProvisioningActions) and the host runtime (HostProvisioningActions) run it.
    /// </summary>
    public sealed class ImprovSession
    {
        public const int RestartDelayMs = 1500;

        private readonly ISerialLink _link;
        private readonly IProvisioningActions _actions;
        private readonly ILog _log;
        private readonly NodeConfig _draft;
        private readonly string _firmwareVersion;
        private readonly string _chip;
        private readonly ImprovParser _parser = new ImprovParser();
        private readonly ImprovCertificateAssembler _ca = new ImprovCertificateAssembler(8192);
        private ImprovState _state = ImprovState.Authorized;
        private bool _extensionClient;

        public ImprovSession(ISerialLink link, IProvisioningActions actions, ILog log, NodeConfig current, string defaultNodeId, string firmwareVersion)
            : this(link, actions, log, current, defaultNodeId, firmwareVersion, "ESP32")
        {
        }

        /// <summary><paramref name="chip"/> is the chip family reported in the Improv device info ("ESP32", "host").</summary>
        public ImprovSession(ISerialLink link, IProvisioningActions actions, ILog log, NodeConfig current, string defaultNodeId, string firmwareVersion, string chip)
        {
            _chip = chip;
            _link = link;
            _actions = actions;
            _log = log;
            _firmwareVersion = firmwareVersion;
            _draft = current != null ? current : new NodeConfig();
            if (_draft.NodeId == null || _draft.NodeId.Length == 0) _draft.NodeId = defaultNodeId;
        }

        public ImprovState State { get { return _state; } }

        /// <summary>Announces the state once (clients also ask for it).</summary>
        public void Start()
        {
            Send(ImprovPacket.BuildCurrentState(_state));
        }

        public void Feed(byte[] buffer, int offset, int count)
        {
            int end = offset + count;
            while (offset < end)
            {
                int consumed;
                ImprovPacket packet = _parser.Feed(buffer, offset, end - offset, out consumed);
                offset += consumed > 0 ? consumed : end - offset;
                if (packet != null && packet.Type == (int)ImprovPacketType.RpcCommand) Handle(ImprovRpc.Decode(packet));
                else if (packet != null && !packet.ChecksumValid) Send(ImprovPacket.BuildErrorState(ImprovError.InvalidRpc));
            }
        }

        private void Handle(ImprovRpcCommand rpc)
        {
            _log.Write(LogLevel.Info, "improv " + rpc.ToLogString());
            if (!rpc.IsValid)
            {
                Send(ImprovPacket.BuildErrorState(rpc.Error));
                return;
            }
            if (ImprovCommand.IsExtension(rpc.Command)) _extensionClient = true;
            switch (rpc.Command)
            {
                case ImprovCommand.WifiSettings: JoinWifi(rpc); return;
                case ImprovCommand.GetCurrentState: Send(ImprovPacket.BuildCurrentState(_state)); return;
                case ImprovCommand.GetDeviceInfo:
                    Result(rpc.Command, new string[] { "CheckpointIoT door node", _firmwareVersion, _chip, _draft.NodeId });
                    return;
                case ImprovCommand.GetWifiNetworks: ListNetworks(); return;
                case ImprovCommand.Hostname:
                case ImprovCommand.DeviceName: Name(rpc); return;
                case ImprovCommand.GetNetworkState: Result(rpc.Command, new string[0]); return;
                case ImprovCommand.SetNodeIdentity:
                case ImprovCommand.SetBroker:
                case ImprovCommand.SetMqttCredentials:
                    rpc.ApplyTo(_draft);
                    Result(rpc.Command, ImprovRpc.SafeEcho(rpc));
                    return;
                case ImprovCommand.CaCertificateChunk:
                    ImprovError chunkError = _ca.Add(rpc);
                    if (chunkError != ImprovError.None) Send(ImprovPacket.BuildErrorState(chunkError));
                    else Result(rpc.Command, ImprovRpc.SafeEcho(rpc));
                    return;
                case ImprovCommand.GetNodeConfig:
                    Send(ImprovRpc.BuildNodeConfigResult(_draft.NodeId, _draft.CheckpointId, _draft.Direction, _draft.BrokerHost, _draft.BrokerPort,
                        _draft.UseTls, _draft.MqttUsername, _draft.MqttPassword != null && _draft.MqttPassword.Length > 0, CaBytes()));
                    return;
                case ImprovCommand.ApplyConfig: Apply(); return;
                case ImprovCommand.FactoryReset: // the decoder already checked the word RESET
                    Result(rpc.Command, new string[0]);
                    _actions.FactoryReset();
                    _actions.Restart(RestartDelayMs);
                    return;
                default: Send(ImprovPacket.BuildErrorState(ImprovError.UnknownRpc)); return;
            }
        }

        private void JoinWifi(ImprovRpcCommand rpc)
        {
            rpc.ApplyTo(_draft);
            SetState(ImprovState.Provisioning);
            if (!_actions.TryJoinWifi(rpc.Ssid, rpc.WifiPassword))
            {
                Send(ImprovPacket.BuildErrorState(ImprovError.UnableToConnect));
                SetState(ImprovState.Authorized);
                return;
            }
            SetState(ImprovState.Provisioned);
            Result(rpc.Command, new string[0]);
            // A plain Improv client (ESP Web Tools) only sends Wi-Fi: save and restart when the rest is there.
            // A client that spoke the CheckpointIoT extension finishes with ApplyConfig instead.
            if (!_extensionClient && Validate() == null && Save()) _actions.Restart(RestartDelayMs);
        }

        private void Apply()
        {
            string error = Validate();
            if (error == null && !Save()) error = "flash: could not write the config";
            if (error != null)
            {
                _log.Write(LogLevel.Warning, "improv ApplyConfig rejected: " + error);
                Result(ImprovCommand.ApplyConfig, new string[] { "error", error });
                return;
            }
            Result(ImprovCommand.ApplyConfig, new string[] { "ok", _draft.NodeId });
            _actions.Restart(RestartDelayMs);
        }

        private string Validate()
        {
            string error = _draft.Validate();
            if (error == null && _draft.UseTls && CaBytes() == 0) error = "use_tls: needs a CA certificate (CaCertificateChunk)";
            return error;
        }

        private bool Save()
        {
            return _actions.Save(_draft, _ca.IsComplete ? _ca.ToArray() : null);
        }

        private int CaBytes()
        {
            return _ca.IsComplete ? _ca.Length : _actions.StoredCaBytes();
        }

        private void Name(ImprovRpcCommand rpc)
        {
            string value = rpc.Value;
            if (value != null && value.Length > 0)
            {
                if (!WireFormat.IsValidNodeId(value)) { Send(ImprovPacket.BuildErrorState(ImprovError.BadHostname)); return; }
                _draft.NodeId = value;
            }
            Result(rpc.Command, new string[] { _draft.NodeId });
        }

        private void ListNetworks()
        {
            string[] found = _actions.ScanNetworks();
            for (int i = 0; i + 2 < found.Length; i += 3)
            {
                Result(ImprovCommand.GetWifiNetworks, new string[] { found[i], found[i + 1], found[i + 2] });
            }
            Result(ImprovCommand.GetWifiNetworks, new string[0]);
        }

        private void SetState(ImprovState state)
        {
            _state = state;
            Send(ImprovPacket.BuildCurrentState(state));
        }

        private void Result(int command, string[] strings)
        {
            Send(ImprovPacket.BuildRpcResult(command, strings));
        }

        private void Send(byte[] packet)
        {
            _link.Write(packet, 0, packet.Length);
        }
    }
}
