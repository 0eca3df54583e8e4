using System.Net.Sockets;
using System.Text;

namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>
/// A node that loses power: an MQTT 3.1.1 CONNECT with the node's retained last will (QoS 1), written by hand on a
/// plain socket so that nothing can send a DISCONNECT, then <see cref="CutPower"/> resets the connection (the broker
/// must deliver the will, as for an ESP32 whose supply fails).
/// </summary>
public sealed class PowerCutNode : IDisposable
{
    private readonly TcpClient _tcp;

    private PowerCutNode(TcpClient tcp) => _tcp = tcp;

    public static async Task<PowerCutNode> ConnectAsync(string host, int port, string nodeId, string password, string willTopic, byte[] will)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port).WaitAsync(TimeSpan.FromSeconds(10));
        var body = new MemoryStream();
        Str(body, "MQTT");
        body.WriteByte(4); // protocol level 3.1.1
        body.WriteByte(0x80 | 0x40 | 0x20 | 0x08 | 0x04 | 0x02); // user, password, will retain, will QoS 1, will, clean session
        body.WriteByte(0);
        body.WriteByte(60); // keep alive 60 s
        Str(body, nodeId);
        Str(body, willTopic);
        Bytes(body, will);
        Str(body, nodeId);
        Str(body, password);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Packet(0x10, body));
        var connack = new byte[4];
        await stream.ReadExactlyAsync(connack).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        if (connack[0] != 0x20 || connack[3] != 0)
        {
            tcp.Dispose();
            throw new InvalidOperationException($"broker refused the CONNECT: CONNACK {Convert.ToHexString(connack)}");
        }

        return new PowerCutNode(tcp);
    }

    /// <summary>Publishes at QoS 0 (no acknowledgement to wait for), retained as the firmware publishes its status.</summary>
    public async Task PublishRetainedAsync(string topic, byte[] payload)
    {
        var body = new MemoryStream();
        Str(body, topic);
        body.Write(payload);
        await _tcp.GetStream().WriteAsync(Packet(0x31, body));
    }

    /// <summary>Drops the connection with a TCP reset, no DISCONNECT.</summary>
    public void CutPower()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Client.Close();
    }

    public void Dispose() => _tcp.Dispose();

    private static byte[] Packet(byte header, MemoryStream body)
    {
        var packet = new MemoryStream();
        packet.WriteByte(header);
        for (var length = (int)body.Length; ;)
        {
            var b = (byte)(length % 128);
            length /= 128;
            packet.WriteByte(length > 0 ? (byte)(b | 0x80) : b);
            if (length == 0)
            {
                break;
            }
        }

        body.WriteTo(packet);
        return packet.ToArray();
    }

    private static void Str(Stream s, string text) => Bytes(s, Encoding.UTF8.GetBytes(text));

    private static void Bytes(Stream s, byte[] data)
    {
        s.WriteByte((byte)(data.Length >> 8));
        s.WriteByte((byte)data.Length);
        s.Write(data);
    }
}
