using CheckpointIoT.Gateway.Broker;

namespace CheckpointIoT.Gateway.Tests.Broker;

public sealed class MqttPacketSizeGuardTests
{
    [Fact]
    public void Inspect_PacketsAtTheLimit_SplitAnywhere_Pass()
    {
        var stream = Packets((0x30, 100), (0xC0, 0), (0x30, 16_384), (0x82, 3));
        var guard = new MqttPacketSizeGuard(16_384);

        for (var i = 0; i < stream.Length; i += 7)
        {
            guard.Inspect(stream.AsSpan(i, Math.Min(7, stream.Length - i)));
        }
    }

    [Fact]
    public void Inspect_LengthAboveTheLimit_ThrowsOnceTheLengthIsComplete_BeforeAnyBody()
    {
        var guard = new MqttPacketSizeGuard(1000);
        byte[] header = [0x10, 0xE9, 0x07]; // CONNECT, remaining length 1001

        guard.Inspect(header.AsSpan(0, 2)); // length not complete yet
        var ex = Assert.Throws<IOException>(() => guard.Inspect(header.AsSpan(2, 1)));

        Assert.Contains("1001", ex.Message);
    }

    [Fact]
    public void Inspect_HugeClaimedLength_TheMqttMaximum_Throws()
    {
        var guard = new MqttPacketSizeGuard(BrokerListener.MaxRemainingLength);

        Assert.Throws<IOException>(() => guard.Inspect([0x10, 0xFF, 0xFF, 0xFF, 0x7F]));
    }

    [Fact]
    public void Inspect_RemainingLengthOfFiveBytes_IsMalformed()
    {
        var guard = new MqttPacketSizeGuard(int.MaxValue);

        Assert.Throws<IOException>(() => guard.Inspect([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]));
    }

    private static byte[] Packets(params (byte Header, int Length)[] packets)
    {
        var bytes = new List<byte>();
        foreach (var (header, length) in packets)
        {
            bytes.Add(header);
            var x = length;
            do
            {
                var b = (byte)(x % 128);
                x /= 128;
                bytes.Add(x > 0 ? (byte)(b | 0x80) : b);
            }
            while (x > 0);

            bytes.AddRange(new byte[length]);
        }

        return [.. bytes];
    }
}
