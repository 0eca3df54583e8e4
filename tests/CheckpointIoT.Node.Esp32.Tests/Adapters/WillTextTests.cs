using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Esp32.Adapters.Mqtt;

namespace CheckpointIoT.Node.Esp32.Tests.Adapters;

public sealed class WillTextTests
{
    private static NodeConfig Config()
    {
        string error;
        NodeConfig config = NodeConfig.Parse("node_id=n-a1b2c3\ncheckpoint_id=cp-1\ndirection=out\nbroker_host=gw\n" +
            "mqtt_username=n-a1b2c3\nmqtt_password=12345678\n", out error);
        Assert.True(config != null, error);
        return config;
    }

    [Fact]
    public void FromFrame_LastWill_IsLowercaseHexThatDecodesToTheOfflineStatus()
    {
        byte[] frame = NodeController.BuildLastWill(Config(), "1.2.3");

        string text = WillText.FromFrame(frame);

        Assert.Equal(frame.Length * 2, text.Length);
        Assert.All(text, c => Assert.True((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'), "not lowercase hex: " + c));
        byte[] back = Convert.FromHexString(text);
        Assert.Equal(frame, back);
        var message = new CheckinMessage();
        Assert.Equal(DecodeError.None, WireCodec.DecodeCheckin(back, 0, back.Length, message));
        Assert.Equal(CheckinKind.Status, message.Kind);
        Assert.Equal("n-a1b2c3", message.NodeId);
        var status = new NodeStatus();
        Assert.Equal(DecodeError.None, StatusPayload.Decode(message.Payload, message.PayloadOffset, message.PayloadCount, status));
        Assert.False(status.Online);
        Assert.Equal("1.2.3", status.FirmwareVersion);
    }

    [Fact]
    public void FromFrame_EveryByteValue_RoundTrips()
    {
        byte[] all = new byte[256];
        for (int i = 0; i < all.Length; i++) all[i] = (byte)i;

        Assert.Equal(all, Convert.FromHexString(WillText.FromFrame(all)));
    }

    [Fact]
    public void FromFrame_NullOrEmpty_ReturnsNull()
    {
        Assert.Null(WillText.FromFrame(null));
        Assert.Null(WillText.FromFrame(Array.Empty<byte>()));
    }
}
