using System.Text;
using System.Threading.Channels;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Node.Host.Adapters;

namespace CheckpointIoT.Technician.Device;

/// <summary>
/// The client side of Improv serial plus the CheckpointIoT commands (0xC0-0xCF), over a <see cref="SerialDevice"/>.
/// One request at a time: write a command packet, then wait for its RPC result, an error state or (for
/// "request current state") a current-state packet. Bytes outside packets (a node's log) are skipped.
/// </summary>
public sealed class ImprovClient : IDisposable
{
    private readonly SerialDevice _device;
    private readonly ImprovParser _parser = new();
    private readonly Channel<ImprovPacket> _packets = Channel.CreateUnbounded<ImprovPacket>();
    private readonly object _gate = new();

    public ImprovClient(string port, int baud)
    {
        _device = SerialDevice.Open(port, baud, OnBytes);
    }

    /// <summary>The last state the device announced.</summary>
    public ImprovState? State { get; private set; }

    /// <summary>Asks for the current state until the device answers (it may still be booting or restarting).</summary>
    public async Task<ImprovState> ConnectAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Drain();
            _device.Write(ImprovRpc.BuildCommand(ImprovCommand.GetCurrentState, []));
            var packet = await NextAsync(TimeSpan.FromSeconds(1), ct);
            if (packet != null && packet.Type == (int)ImprovPacketType.CurrentState && packet.Length >= 1) return (ImprovState)packet.Data[0];
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"no Improv answer on {_device.Path} within {timeout.TotalSeconds:0} s (is the node in provisioning mode? LEDs alternate green/red)");
        }
    }

    /// <summary>Sends a command and returns the strings of its RPC result; an error state becomes an <see cref="ImprovDeviceException"/>.</summary>
    public async Task<string[]> RequestAsync(int command, string[] fields, TimeSpan timeout, CancellationToken ct)
    {
        return await RequestPacketAsync(command, ImprovRpc.BuildCommand(command, fields), timeout, ct);
    }

    public async Task<string[]> RequestPacketAsync(int command, byte[] packetBytes, TimeSpan timeout, CancellationToken ct)
    {
        Drain();
        _device.Write(packetBytes);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{ImprovCommand.Name(command)}: no answer within {timeout.TotalSeconds:0} s");
            var packet = await NextAsync(left, ct);
            if (packet == null) continue;
            if (!packet.ChecksumValid) continue;
            if (packet.Type == (int)ImprovPacketType.ErrorState && packet.Length >= 1 && packet.Data[0] != (byte)ImprovError.None)
                throw new ImprovDeviceException(command, (ImprovError)packet.Data[0]);
            if (packet.Type == (int)ImprovPacketType.RpcResult && packet.Length >= 2 && packet.Data[0] == command) return ResultStrings(packet);
        }
    }

    /// <summary>The strings of an RPC result packet: <c>command len (strlen str)...</c>.</summary>
    public static string[] ResultStrings(ImprovPacket packet)
    {
        var strings = new List<string>();
        int pos = 2;
        int end = Math.Min(packet.Length, 2 + packet.Data[1]);
        while (pos < end)
        {
            int len = packet.Data[pos];
            if (pos + 1 + len > end) break;
            strings.Add(Encoding.UTF8.GetString(packet.Data, pos + 1, len));
            pos += 1 + len;
        }
        return [.. strings];
    }

    private async Task<ImprovPacket?> NextAsync(TimeSpan wait, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(wait);
        try
        {
            return await _packets.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Drops packets nobody asked for (announcements, answers to a request that timed out).</summary>
    private void Drain()
    {
        while (_packets.Reader.TryRead(out _)) { }
    }

    private void OnBytes(byte[] buffer, int count)
    {
        lock (_gate)
        {
            int offset = 0;
            while (offset < count)
            {
                var packet = _parser.Feed(buffer, offset, count - offset, out int consumed);
                offset += consumed > 0 ? consumed : count - offset;
                if (packet == null) continue;
                if (packet.Type == (int)ImprovPacketType.CurrentState && packet.Length >= 1) State = (ImprovState)packet.Data[0];
                _packets.Writer.TryWrite(packet);
            }
        }
    }

    public void Dispose() => _device.Dispose();
}
