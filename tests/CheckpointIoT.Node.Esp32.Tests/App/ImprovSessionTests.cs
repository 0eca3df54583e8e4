using System.Text;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Core.Provisioning;
using CheckpointIoT.Node.Esp32.Tests.Fakes;

namespace CheckpointIoT.Node.Esp32.Tests.App;

public sealed class ImprovSessionTests
{
    private const string DefaultNodeId = "n-a1b2c3";
    private const string MqttSecret = "mqtt-secret-77";
    private const string WifiSecret = "wifi-secret-99";

    private readonly CapturingSerialLink _link = new();
    private readonly FakeProvisioningActions _actions = new();
    private readonly ListLog _log = new();

    private ImprovSession NewSession(NodeConfig current = null)
    {
        var session = new ImprovSession(_link, _actions, _log, current, DefaultNodeId, "9.8.7");
        session.Start();
        _link.TakePackets();
        return session;
    }

    private static void Send(ImprovSession session, int command, params string[] fields)
    {
        byte[] packet = ImprovRpc.BuildCommand(command, fields);
        session.Feed(packet, 0, packet.Length);
    }

    private static NodeConfig CompleteConfig()
    {
        string error;
        NodeConfig config = NodeConfig.Parse(
            "node_id=n-a1b2c3\ncheckpoint_id=cp-market-01\ndirection=in\nbroker_host=192.168.50.1\nbroker_port=1883\n" +
            "mqtt_username=n-a1b2c3\nmqtt_password=" + MqttSecret + "\nwifi_ssid=OLD\nwifi_password=" + WifiSecret + "\n", out error);
        Assert.True(config != null, error);
        return config;
    }

    private static string[] ResultStrings(ImprovPacket packet, int expectedCommand)
    {
        Assert.Equal((int)ImprovPacketType.RpcResult, packet.Type);
        byte[] data = packet.Data;
        Assert.Equal(expectedCommand, data[0]);
        Assert.Equal(data.Length - 2, data[1]);
        var strings = new List<string>();
        int pos = 2;
        while (pos < data.Length)
        {
            int length = data[pos++];
            strings.Add(Encoding.UTF8.GetString(data, pos, length));
            pos += length;
        }
        return strings.ToArray();
    }

    private static void AssertState(ImprovPacket packet, ImprovState state)
    {
        Assert.Equal((int)ImprovPacketType.CurrentState, packet.Type);
        Assert.Equal((byte)state, packet.Data[0]);
    }

    private static void AssertError(ImprovPacket packet, ImprovError error)
    {
        Assert.Equal((int)ImprovPacketType.ErrorState, packet.Type);
        Assert.Equal((byte)error, packet.Data[0]);
    }

    private void SendIdentityBrokerAndCredentials(ImprovSession session, string tls = "0")
    {
        Send(session, ImprovCommand.SetNodeIdentity, "n-0a0b0c", "cp-gate-2", "out");
        Send(session, ImprovCommand.SetBroker, "gateway.local", "8883", tls);
        Send(session, ImprovCommand.SetMqttCredentials, "n-0a0b0c", MqttSecret);
    }

    [Fact]
    public void Start_FreshSession_AnnouncesReadyState()
    {
        var session = new ImprovSession(_link, _actions, _log, null, DefaultNodeId, "9.8.7");

        session.Start();

        var packets = _link.TakePackets();
        Assert.Single(packets);
        AssertState(packets[0], ImprovState.Authorized);
    }

    [Fact]
    public void WifiSettings_JoinSucceeds_ReportsProvisioningThenProvisionedAndResult()
    {
        var session = NewSession();

        Send(session, ImprovCommand.WifiSettings, "CHECKPOINT", WifiSecret);

        var packets = _link.TakePackets();
        Assert.Equal(3, packets.Count);
        AssertState(packets[0], ImprovState.Provisioning);
        AssertState(packets[1], ImprovState.Provisioned);
        Assert.Empty(ResultStrings(packets[2], ImprovCommand.WifiSettings));
        Assert.Equal(("CHECKPOINT", WifiSecret), Assert.Single(_actions.Joins));
        Assert.Equal(ImprovState.Provisioned, session.State);
    }

    [Fact]
    public void WifiSettings_JoinFails_ReportsUnableToConnectAndReturnsToReady()
    {
        _actions.JoinSucceeds = false;
        var session = NewSession();

        Send(session, ImprovCommand.WifiSettings, "CHECKPOINT", "wrong-password");

        var packets = _link.TakePackets();
        Assert.Equal(3, packets.Count);
        AssertState(packets[0], ImprovState.Provisioning);
        AssertError(packets[1], ImprovError.UnableToConnect);
        AssertState(packets[2], ImprovState.Authorized);
        Assert.Equal(0, _actions.Saves);
        Assert.Empty(_actions.Restarts);
    }

    [Fact]
    public void WifiSettings_OnCompleteConfig_SavesNewWifiAndRestarts()
    {
        var session = NewSession(CompleteConfig());

        Send(session, ImprovCommand.WifiSettings, "NEW-AP", "new-wifi-pass");

        Assert.Equal(1, _actions.Saves);
        Assert.Contains("wifi_ssid=NEW-AP\n", _actions.SavedConfigText);
        Assert.Contains("checkpoint_id=cp-market-01\n", _actions.SavedConfigText);
        Assert.Equal(new[] { ImprovSession.RestartDelayMs }, _actions.Restarts);
    }

    [Fact]
    public void WifiSettings_OnCompleteConfigAfterAnExtensionCommand_WaitsForApplyConfig()
    {
        var session = NewSession(CompleteConfig());
        Send(session, ImprovCommand.GetNodeConfig);

        Send(session, ImprovCommand.WifiSettings, "NEW-AP", "new-wifi-pass");

        Assert.Single(_actions.Joins);
        Assert.Equal(0, _actions.Saves);
        Assert.Empty(_actions.Restarts);
        Send(session, ImprovCommand.ApplyConfig);
        Assert.Contains("wifi_ssid=NEW-AP\n", _actions.SavedConfigText);
        Assert.Equal(new[] { ImprovSession.RestartDelayMs }, _actions.Restarts);
    }

    [Fact]
    public void WifiSettings_OnFreshNode_JoinsButWaitsForTheRestOfTheConfig()
    {
        var session = NewSession();

        Send(session, ImprovCommand.WifiSettings, "CHECKPOINT", WifiSecret);

        Assert.Single(_actions.Joins);
        Assert.Equal(0, _actions.Saves);
        Assert.Empty(_actions.Restarts);
    }

    [Fact]
    public void ApplyConfig_AfterExtensionCommands_SavesValidatedConfigAndRestarts()
    {
        var session = NewSession();
        Send(session, ImprovCommand.WifiSettings, "CHECKPOINT", WifiSecret);
        SendIdentityBrokerAndCredentials(session);
        _link.TakePackets();

        Send(session, ImprovCommand.ApplyConfig);

        var packets = _link.TakePackets();
        Assert.Equal(new[] { "ok", "n-0a0b0c" }, ResultStrings(Assert.Single(packets), ImprovCommand.ApplyConfig));
        string saved = _actions.SavedConfigText;
        Assert.Contains("node_id=n-0a0b0c\n", saved);
        Assert.Contains("direction=out\n", saved);
        Assert.Contains("broker_host=gateway.local\n", saved);
        Assert.Contains("broker_port=8883\n", saved);
        Assert.Contains("wifi_ssid=CHECKPOINT\n", saved);
        Assert.Null(_actions.SavedCa);
        Assert.Equal(new[] { ImprovSession.RestartDelayMs }, _actions.Restarts);
    }

    [Fact]
    public void ApplyConfig_BrokerMissing_ResultNamesTheKeyAndNothingIsSaved()
    {
        var session = NewSession();
        Send(session, ImprovCommand.SetNodeIdentity, "n-0a0b0c", "cp-gate-2", "in");
        _link.TakePackets();

        Send(session, ImprovCommand.ApplyConfig);

        string[] result = ResultStrings(Assert.Single(_link.TakePackets()), ImprovCommand.ApplyConfig);
        Assert.Equal("error", result[0]);
        Assert.StartsWith("broker_host:", result[1]);
        Assert.Equal(0, _actions.Saves);
        Assert.Empty(_actions.Restarts);
    }

    [Fact]
    public void ApplyConfig_TlsWithoutCa_IsRejectedUntilTheCaArrives()
    {
        var session = NewSession();
        SendIdentityBrokerAndCredentials(session, tls: "1");
        _link.TakePackets();

        Send(session, ImprovCommand.ApplyConfig);
        string[] rejected = ResultStrings(Assert.Single(_link.TakePackets()), ImprovCommand.ApplyConfig);

        byte[] pem = Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB-test-ca\n-----END CERTIFICATE-----\n");
        int half = pem.Length / 2;
        byte[] first = ImprovRpc.BuildCaChunk(0, 2, pem, 0, half);
        byte[] second = ImprovRpc.BuildCaChunk(1, 2, pem, half, pem.Length - half);
        session.Feed(first, 0, first.Length);
        session.Feed(second, 0, second.Length);
        Send(session, ImprovCommand.ApplyConfig);
        var packets = _link.TakePackets();

        Assert.Equal("error", rejected[0]);
        Assert.StartsWith("use_tls:", rejected[1]);
        Assert.Equal(new[] { "ok", "n-0a0b0c" }, ResultStrings(packets[^1], ImprovCommand.ApplyConfig));
        Assert.Equal(pem, _actions.SavedCa);
        Assert.Contains("use_tls=true\n", _actions.SavedConfigText);
    }

    [Fact]
    public void ApplyConfig_FlashRefusesTheWrite_ReportsErrorAndStaysUp()
    {
        _actions.SaveSucceeds = false;
        var session = NewSession(CompleteConfig());

        Send(session, ImprovCommand.ApplyConfig);

        string[] result = ResultStrings(Assert.Single(_link.TakePackets()), ImprovCommand.ApplyConfig);
        Assert.Equal("error", result[0]);
        Assert.StartsWith("flash:", result[1]);
        Assert.Empty(_actions.Restarts);
    }

    [Fact]
    public void Answers_AfterSecretsWereSent_NeverContainTheSecrets()
    {
        var session = NewSession(CompleteConfig());
        _actions.JoinSucceeds = false;
        Send(session, ImprovCommand.WifiSettings, "CHECKPOINT", WifiSecret);
        SendIdentityBrokerAndCredentials(session);
        Send(session, ImprovCommand.GetNodeConfig);
        Send(session, ImprovCommand.GetDeviceInfo);

        string written = Encoding.UTF8.GetString(_link.Written);
        string logged = string.Join("\n", _log.Lines);

        Assert.DoesNotContain(MqttSecret, written);
        Assert.DoesNotContain(WifiSecret, written);
        Assert.DoesNotContain(MqttSecret, logged);
        Assert.DoesNotContain(WifiSecret, logged);
    }

    [Fact]
    public void GetNodeConfig_ShowsDraftValuesAndPasswordPresenceOnly()
    {
        var session = NewSession(CompleteConfig());

        Send(session, ImprovCommand.GetNodeConfig);

        string[] result = ResultStrings(Assert.Single(_link.TakePackets()), ImprovCommand.GetNodeConfig);
        Assert.Equal(new[] { "n-a1b2c3", "cp-market-01", "in", "192.168.50.1", "1883", "0", "n-a1b2c3", "set", "0" }, result);
    }

    [Fact]
    public void GetDeviceInfo_ReportsFirmwareVersionAndDefaultNodeId()
    {
        var session = NewSession();

        Send(session, ImprovCommand.GetDeviceInfo);

        string[] result = ResultStrings(Assert.Single(_link.TakePackets()), ImprovCommand.GetDeviceInfo);
        Assert.Equal(4, result.Length);
        Assert.Equal("9.8.7", result[1]);
        Assert.Equal(DefaultNodeId, result[3]);
    }

    [Fact]
    public void GetWifiNetworks_TwoNetworks_OneResultEachThenAnEmptyOne()
    {
        _actions.Networks = new[] { "CHECKPOINT", "-61", "YES", "market-free", "-80", "YES" };
        var session = NewSession();

        Send(session, ImprovCommand.GetWifiNetworks);

        var packets = _link.TakePackets();
        Assert.Equal(3, packets.Count);
        Assert.Equal(new[] { "CHECKPOINT", "-61", "YES" }, ResultStrings(packets[0], ImprovCommand.GetWifiNetworks));
        Assert.Equal(new[] { "market-free", "-80", "YES" }, ResultStrings(packets[1], ImprovCommand.GetWifiNetworks));
        Assert.Empty(ResultStrings(packets[2], ImprovCommand.GetWifiNetworks));
    }

    [Theory]
    [InlineData("N-UPPER")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    public void DeviceName_NotAValidNodeId_ReportsBadHostname(string name)
    {
        var session = NewSession();
        byte[] raw = Encoding.UTF8.GetBytes(name);
        byte[] packet = ImprovPacket.BuildRpcCommand(ImprovCommand.DeviceName, raw, 0, raw.Length);

        session.Feed(packet, 0, packet.Length);

        AssertError(Assert.Single(_link.TakePackets()), ImprovError.BadHostname);
    }

    [Fact]
    public void DeviceName_ValidNodeId_BecomesTheDraftNodeId()
    {
        var session = NewSession();
        byte[] raw = Encoding.UTF8.GetBytes("n-door-7");
        byte[] packet = ImprovPacket.BuildRpcCommand(ImprovCommand.DeviceName, raw, 0, raw.Length);

        session.Feed(packet, 0, packet.Length);
        Send(session, ImprovCommand.GetNodeConfig);

        var packets = _link.TakePackets();
        Assert.Equal(new[] { "n-door-7" }, ResultStrings(packets[0], ImprovCommand.DeviceName));
        Assert.Equal("n-door-7", ResultStrings(packets[1], ImprovCommand.GetNodeConfig)[0]);
    }

    [Fact]
    public void Packet_WithBadChecksum_ReportsInvalidRpc()
    {
        var session = NewSession();
        byte[] packet = ImprovRpc.BuildCommand(ImprovCommand.GetCurrentState, Array.Empty<string>());
        packet[^1] ^= 0x5A;

        session.Feed(packet, 0, packet.Length);

        AssertError(Assert.Single(_link.TakePackets()), ImprovError.InvalidRpc);
    }

    [Fact]
    public void UnknownCommand_ReportsUnknownRpc()
    {
        var session = NewSession();

        Send(session, 0x7E);

        AssertError(Assert.Single(_link.TakePackets()), ImprovError.UnknownRpc);
    }

    [Fact]
    public void FactoryReset_Confirmed_ErasesAndRestarts()
    {
        var session = NewSession(CompleteConfig());

        Send(session, ImprovCommand.FactoryReset, ImprovCommand.FactoryResetConfirmation);

        Assert.Empty(ResultStrings(Assert.Single(_link.TakePackets()), ImprovCommand.FactoryReset));
        Assert.True(_actions.FactoryResetDone);
        Assert.Equal(new[] { ImprovSession.RestartDelayMs }, _actions.Restarts);
    }

    [Fact]
    public void FactoryReset_WrongConfirmation_ChangesNothing()
    {
        var session = NewSession(CompleteConfig());

        Send(session, ImprovCommand.FactoryReset, "reset");

        AssertError(Assert.Single(_link.TakePackets()), ImprovError.InvalidRpc);
        Assert.False(_actions.FactoryResetDone);
        Assert.Empty(_actions.Restarts);
    }

    [Fact]
    public void Feed_LogNoiseAroundPacketsAndByteByByte_AnswersEachPacketOnce()
    {
        var session = NewSession();
        var stream = new List<byte>();
        stream.AddRange(Encoding.ASCII.GetBytes("[inf] boot log line\r\nIMPRO"));
        stream.AddRange(ImprovRpc.BuildCommand(ImprovCommand.GetCurrentState, Array.Empty<string>()));
        stream.AddRange(Encoding.ASCII.GetBytes("\n\n"));
        stream.AddRange(ImprovRpc.BuildCommand(ImprovCommand.GetDeviceInfo, Array.Empty<string>()));
        byte[] bytes = stream.ToArray();

        for (int i = 0; i < bytes.Length; i++) session.Feed(bytes, i, 1);

        var packets = _link.TakePackets();
        Assert.Equal(2, packets.Count);
        AssertState(packets[0], ImprovState.Authorized);
        Assert.Equal("9.8.7", ResultStrings(packets[1], ImprovCommand.GetDeviceInfo)[1]);
    }

    [Fact]
    public void Draft_StartsFromCurrentConfig_NodeIdKeptWhenPresent()
    {
        NodeConfig current = CompleteConfig();
        current.NodeId = "n-custom";
        var session = NewSession(current);

        Send(session, ImprovCommand.GetNodeConfig);

        Assert.Equal("n-custom", ResultStrings(Assert.Single(_link.TakePackets()), ImprovCommand.GetNodeConfig)[0]);
        Assert.True(WireFormat.IsValidNodeId("n-custom"));
    }
}
