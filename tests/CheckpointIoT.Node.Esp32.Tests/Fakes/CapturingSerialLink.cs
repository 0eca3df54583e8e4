using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Esp32.Tests.Fakes;

/// <summary>ISerialLink that records what the device writes and parses it back into Improv packets.</summary>
public sealed class CapturingSerialLink : ISerialLink
{
    private readonly List<byte> _written = new();

    public int BaudRate { get; private set; } = 115200;

    public int Read(byte[] buffer, int offset, int count) => 0;

    public void Write(byte[] buffer, int offset, int count) => _written.AddRange(buffer.AsSpan(offset, count).ToArray());

    public void SetBaudRate(int baudRate) => BaudRate = baudRate;

    public byte[] Written => _written.ToArray();

    /// <summary>Every packet written so far, in order; clears the capture.</summary>
    public List<ImprovPacket> TakePackets()
    {
        var parser = new ImprovParser();
        var packets = new List<ImprovPacket>();
        foreach (byte b in _written)
        {
            ImprovPacket packet = parser.Feed(b);
            if (packet != null) packets.Add(packet);
        }
        Assert.False(parser.InPacket, "a partial packet was written");
        _written.Clear();
        return packets;
    }
}
