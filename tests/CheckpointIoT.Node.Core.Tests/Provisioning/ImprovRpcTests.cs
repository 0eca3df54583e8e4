using System.Text;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Provisioning;

public class ImprovRpcTests
{
    private static ImprovRpcCommand DecodePacket(byte[] packet)
    {
        var parsed = ImprovPacket.Parse(packet, 0, packet.Length);
        Assert.NotNull(parsed);
        return ImprovRpc.Decode(parsed);
    }

    [Fact]
    public void Decode_SpecWifiExample_SsidAndPassword()
    {
        // improv-wifi.com/serial: 01 1E 0C {MyWirelessAP} 10 {mysecurepassword}
        var data = new List<byte> { 0x01, 0x1E, 0x0C };
        data.AddRange(Encoding.ASCII.GetBytes("MyWirelessAP"));
        data.Add(0x10);
        data.AddRange(Encoding.ASCII.GetBytes("mysecurepassword"));
        var rpc = DecodePacket(ImprovPacketTests.HandPacket(0x03, data.ToArray()));
        Assert.True(rpc.IsValid, rpc.Problem);
        Assert.Equal(ImprovCommand.WifiSettings, rpc.Command);
        Assert.Equal("MyWirelessAP", rpc.Ssid);
        Assert.Equal("mysecurepassword", rpc.WifiPassword);
    }

    [Fact]
    public void BuildCommand_WifiSettings_MatchesSpecExampleBytes()
    {
        var packet = ImprovRpc.BuildCommand(ImprovCommand.WifiSettings, new[] { "MyWirelessAP", "mysecurepassword" });
        Assert.Equal("011E0C", Convert.ToHexString(packet, 9, 3));
        Assert.Equal(0x20, packet[8]);
    }

    [Theory]
    [InlineData(ImprovCommand.GetCurrentState)]
    [InlineData(ImprovCommand.GetDeviceInfo)]
    [InlineData(ImprovCommand.GetWifiNetworks)]
    [InlineData(ImprovCommand.GetNetworkState)]
    [InlineData(ImprovCommand.GetNodeConfig)]
    [InlineData(ImprovCommand.ApplyConfig)]
    public void Decode_NoDataCommands_Valid(int command)
    {
        var rpc = DecodePacket(ImprovPacketTests.HandPacket(0x03, new byte[] { (byte)command, 0x00 }));
        Assert.True(rpc.IsValid);
        Assert.Equal(command, rpc.Command);
    }

    [Fact]
    public void Decode_SetHostname_RawPayload()
    {
        var data = new byte[] { 0x05, 0x07 }.Concat(Encoding.ASCII.GetBytes("door-a1")).ToArray();
        var rpc = DecodePacket(ImprovPacketTests.HandPacket(0x03, data));
        Assert.Equal("door-a1", rpc.Value);
    }

    [Fact]
    public void Decode_NodeIdentity_TypedValues()
    {
        var rpc = DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.SetNodeIdentity, new[] { "n-a1b2c3", "cp-hoankiem-01", "out" }));
        Assert.True(rpc.IsValid, rpc.Problem);
        Assert.Equal("n-a1b2c3", rpc.NodeId);
        Assert.Equal("cp-hoankiem-01", rpc.CheckpointId);
        Assert.Equal(DoorDirection.Out, rpc.Direction);
    }

    [Fact]
    public void Decode_Broker_PortAndTls()
    {
        var rpc = DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.SetBroker, new[] { "gateway.local", "8883", "1" }));
        Assert.True(rpc.IsValid, rpc.Problem);
        Assert.Equal("gateway.local", rpc.BrokerHost);
        Assert.Equal(8883, rpc.BrokerPort);
        Assert.True(rpc.BrokerUseTls);
        var plain = DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.SetBroker, new[] { "192.168.1.2", "1883", "0" }));
        Assert.False(plain.BrokerUseTls);
    }

    [Fact]
    public void Decode_MqttCredentials_Values()
    {
        var rpc = DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.SetMqttCredentials, new[] { "node-n-a1b2c3", "s3cret-Passw0rd" }));
        Assert.True(rpc.IsValid, rpc.Problem);
        Assert.Equal("node-n-a1b2c3", rpc.MqttUsername);
        Assert.Equal("s3cret-Passw0rd", rpc.MqttPassword);
    }

    [Fact]
    public void Decode_CaChunk_IndexCountBytes()
    {
        var pem = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB");
        var rpc = DecodePacket(ImprovRpc.BuildCaChunk(2, 5, pem, 0, pem.Length));
        Assert.True(rpc.IsValid, rpc.Problem);
        Assert.Equal(2, rpc.ChunkIndex);
        Assert.Equal(5, rpc.ChunkCount);
        Assert.Equal(pem, rpc.Chunk);
    }

    [Fact]
    public void Decode_FactoryResetWithConfirmation_Valid()
    {
        Assert.True(DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.FactoryReset, new[] { "RESET" })).IsValid);
        Assert.Equal(ImprovError.InvalidRpc, DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.FactoryReset, new[] { "reset" })).Error);
        Assert.Equal(ImprovError.InvalidRpc, DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.FactoryReset, new string[0])).Error);
    }

    [Theory]
    [InlineData(ImprovCommand.SetNodeIdentity, new[] { "n-1", "cp", "sideways" })]
    [InlineData(ImprovCommand.SetNodeIdentity, new[] { "", "cp", "in" })]
    [InlineData(ImprovCommand.SetNodeIdentity, new[] { "n-1", "cp" })]
    [InlineData(ImprovCommand.SetBroker, new[] { "host", "0" })]
    [InlineData(ImprovCommand.SetBroker, new[] { "host", "65536" })]
    [InlineData(ImprovCommand.SetBroker, new[] { "host", "18x3" })]
    [InlineData(ImprovCommand.SetBroker, new[] { "bad host", "1883" })]
    [InlineData(ImprovCommand.SetBroker, new[] { "host", "1883", "2" })]
    [InlineData(ImprovCommand.SetMqttCredentials, new[] { "", "password" })]
    [InlineData(ImprovCommand.WifiSettings, new[] { "", "password" })]
    [InlineData(ImprovCommand.WifiSettings, new[] { "only-ssid" })]
    [InlineData(ImprovCommand.CaCertificateChunk, new[] { "5", "5", "x" })]
    [InlineData(ImprovCommand.CaCertificateChunk, new[] { "0", "1", "" })]
    public void Decode_BadFields_InvalidRpc(int command, string[] fields)
    {
        var rpc = DecodePacket(ImprovRpc.BuildCommand(command, fields));
        Assert.Equal(ImprovError.InvalidRpc, rpc.Error);
        Assert.NotNull(rpc.Problem);
        Assert.Null(rpc.MqttPassword);
        Assert.Null(rpc.WifiPassword);
    }

    [Fact]
    public void Decode_UnknownCommand_UnknownRpc()
    {
        Assert.Equal(ImprovError.UnknownRpc, DecodePacket(ImprovPacketTests.HandPacket(0x03, new byte[] { 0x42, 0x00 })).Error);
    }

    [Theory]
    [InlineData(new byte[] { 0x01 })]                        // shorter than command + length
    [InlineData(new byte[] { 0x01, 0x05, 0x01, 0x41 })]      // length says 5, 2 bytes follow
    [InlineData(new byte[] { 0x01, 0x03, 0x05, 0x41, 0x42 })] // field length overruns
    public void Decode_MalformedRpc_InvalidRpc(byte[] data)
    {
        Assert.Equal(ImprovError.InvalidRpc, DecodePacket(ImprovPacketTests.HandPacket(0x03, data)).Error);
    }

    [Fact]
    public void Decode_BadChecksumOrWrongType_InvalidRpc()
    {
        Assert.Equal(ImprovError.InvalidRpc, ImprovRpc.Decode(new ImprovPacket(0x03, new byte[] { 0x02, 0x00 }, false)).Error);
        Assert.Equal(ImprovError.InvalidRpc, ImprovRpc.Decode(new ImprovPacket(0x01, new byte[] { 0x02, 0x00 }, true)).Error);
        Assert.Equal(ImprovError.InvalidRpc, ImprovRpc.Decode((ImprovPacket)null!).Error);
    }

    [Fact]
    public void SafeEchoAndLog_SecretCommands_NeverCarryPasswords()
    {
        var commands = new[]
        {
            DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.SetMqttCredentials, new[] { "node-n-a1b2c3", "s3cret-Passw0rd" })),
            DecodePacket(ImprovRpc.BuildCommand(ImprovCommand.WifiSettings, new[] { "CafeWifi", "s3cret-Passw0rd" })),
        };
        foreach (var rpc in commands)
        {
            Assert.True(rpc.IsValid);
            foreach (var s in ImprovRpc.SafeEcho(rpc)) Assert.DoesNotContain("s3cret", s);
            var result = ImprovPacket.BuildRpcResult(rpc.Command, ImprovRpc.SafeEcho(rpc));
            Assert.DoesNotContain("s3cret", Encoding.UTF8.GetString(result));
            Assert.DoesNotContain("s3cret", rpc.ToLogString());
            Assert.Contains("password=set", rpc.ToLogString());
        }
    }

    [Fact]
    public void BuildNodeConfigResult_ReportsPasswordOnlyAsSet()
    {
        var packet = ImprovRpc.BuildNodeConfigResult("n-a1b2c3", "cp-1", DoorDirection.In, "gw.local", 8883, true, "node-n-a1b2c3", true, 1200);
        var parsed = ImprovPacket.Parse(packet, 0, packet.Length)!;
        Assert.Equal((int)ImprovPacketType.RpcResult, parsed.Type);
        Assert.Contains("set", Encoding.UTF8.GetString(parsed.Data));
    }

    [Fact]
    public void ApplyTo_AllProvisioningCommands_GiveAValidNodeConfig()
    {
        var config = new NodeConfig();
        foreach (var packet in new[]
        {
            ImprovRpc.BuildCommand(ImprovCommand.WifiSettings, new[] { "CafeWifi", "wifi-pass-123" }),
            ImprovRpc.BuildCommand(ImprovCommand.SetNodeIdentity, new[] { "n-a1b2c3", "cp-1", "in" }),
            ImprovRpc.BuildCommand(ImprovCommand.SetBroker, new[] { "gateway.local", "8883", "1" }),
            ImprovRpc.BuildCommand(ImprovCommand.SetMqttCredentials, new[] { "node-n-a1b2c3", "mqtt-pass-123" }),
        })
        {
            Assert.True(DecodePacket(packet).ApplyTo(config));
        }
        Assert.Null(config.Validate());
        Assert.Equal(8883, config.BrokerPort);
        Assert.True(config.UseTls);
        Assert.Equal("mqtt-pass-123", config.MqttPassword);
        Assert.False(DecodePacket(ImprovPacketTests.HandPacket(0x03, new byte[] { 0x02, 0x00 })).ApplyTo(config));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void Decode_RandomAndMutatedPayloads_NeverThrows(int seed)
    {
        var rng = new Random(seed);
        var seeds = new[]
        {
            ImprovRpc.BuildCommand(ImprovCommand.SetBroker, new[] { "gateway.local", "8883", "1" }),
            ImprovRpc.BuildCommand(ImprovCommand.WifiSettings, new[] { "CafeWifi", "pw" }),
            ImprovRpc.BuildCaChunk(0, 2, new byte[] { 1, 2, 3 }, 0, 3),
        };
        int valid = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] data;
            if (rng.Next(2) == 0)
            {
                data = new byte[rng.Next(0, 40)];
                rng.NextBytes(data);
                if (data.Length > 0 && rng.Next(2) == 0) data[0] = (byte)rng.Next(0xC0, 0xD0);
                if (data.Length > 1 && rng.Next(2) == 0) data[1] = (byte)(data.Length - 2);
            }
            else
            {
                var s = seeds[rng.Next(seeds.Length)];
                data = s.Skip(9).Take(s.Length - 10).ToArray();
                data[rng.Next(data.Length)] = (byte)rng.Next(256);
            }
            var rpc = ImprovRpc.Decode(data, 0, data.Length);
            Assert.NotNull(rpc.ToLogString());
            if (rpc.IsValid) valid++;
            else Assert.NotNull(rpc.Problem);
        }
        Assert.True(valid > 0);
    }
}
