using System.Text;
using CheckpointIoT.Node.Core.Provisioning.Improv;

namespace CheckpointIoT.Node.Core.Tests.Provisioning;

public class ImprovPacketTests
{
    /// <summary>Builds a packet by hand from the spec's table, independently of the code under test.</summary>
    internal static byte[] HandPacket(byte type, byte[] data)
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("IMPROV")) { 0x01, type, (byte)data.Length };
        bytes.AddRange(data);
        bytes.Add((byte)(bytes.Sum(b => b) & 0xFF));
        return bytes.ToArray();
    }

    [Fact]
    public void BuildCurrentState_Authorized_ExactBytes()
    {
        // 'I'+'M'+'P'+'R'+'O'+'V' = 0x1DD; + 01 01 01 02 = 0x1E2 → checksum E2.
        Assert.Equal("494D50524F5601010102E2", Convert.ToHexString(ImprovPacket.BuildCurrentState(ImprovState.Authorized)));
    }

    [Theory]
    [InlineData(ImprovError.None, 0x00)]
    [InlineData(ImprovError.InvalidRpc, 0x01)]
    [InlineData(ImprovError.UnknownRpc, 0x02)]
    [InlineData(ImprovError.UnableToConnect, 0x03)]
    [InlineData(ImprovError.Unknown, 0xFF)]
    public void BuildErrorState_EachError_MatchesHandBuiltPacket(ImprovError error, byte value)
    {
        Assert.Equal(HandPacket(0x02, new[] { value }), ImprovPacket.BuildErrorState(error));
    }

    [Fact]
    public void BuildRpcResult_DeviceInfo_LengthPrefixedStrings()
    {
        var packet = ImprovPacket.BuildRpcResult(ImprovCommand.GetDeviceInfo, new[] { "CheckpointIoT", "1.0.0", "ESP32", "Door A" });
        var data = new List<byte> { 0x03, 0 };
        foreach (var s in new[] { "CheckpointIoT", "1.0.0", "ESP32", "Door A" })
        {
            data.Add((byte)s.Length);
            data.AddRange(Encoding.ASCII.GetBytes(s));
        }
        data[1] = (byte)(data.Count - 2);
        Assert.Equal(HandPacket(0x04, data.ToArray()), packet);
    }

    [Fact]
    public void BuildRpcResult_EmptyList_CommandAndZeroLength()
    {
        Assert.Equal(HandPacket(0x04, new byte[] { 0x04, 0x00 }), ImprovPacket.BuildRpcResult(ImprovCommand.GetWifiNetworks, new string[0]));
    }

    [Fact]
    public void BuildRpcResult_TooLong_Throws()
    {
        Assert.Throws<ArgumentException>(() => ImprovPacket.BuildRpcResult(1, new[] { new string('x', 200), new string('y', 60) }));
    }

    [Fact]
    public void Parse_HandBuiltPacket_RoundTrips()
    {
        var bytes = HandPacket(0x03, new byte[] { 0x02, 0x00 });
        var packet = ImprovPacket.Parse(bytes, 0, bytes.Length);
        Assert.NotNull(packet);
        Assert.True(packet.ChecksumValid);
        Assert.Equal((int)ImprovPacketType.RpcCommand, packet.Type);
        Assert.Equal(new byte[] { 0x02, 0x00 }, packet.Data);
    }

    [Fact]
    public void Parse_BadChecksum_PacketMarkedInvalid()
    {
        var bytes = HandPacket(0x03, new byte[] { 0x02, 0x00 });
        bytes[^1]++;
        Assert.False(ImprovPacket.Parse(bytes, 0, bytes.Length)!.ChecksumValid);
    }

    [Theory]
    [InlineData("494D50524F5602010102E3")] // version 2
    [InlineData("494D50524F5801010102E2")] // header IMPROX
    [InlineData("494D50524F56010102")]     // too short
    [InlineData("494D50524F5601010202E2")] // length 2 but 1 data byte
    public void Parse_Malformed_Null(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Null(ImprovPacket.Parse(bytes, 0, bytes.Length));
    }
}
