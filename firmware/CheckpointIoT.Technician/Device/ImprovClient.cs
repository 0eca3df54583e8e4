using System.IO.Ports;
using System.Text;
using System.Threading.Channels;
using CheckpointIoT.Node.Core.Provisioning.Improv;

namespace CheckpointIoT.Technician.Device;

/// <summary>
/// The client side of Improv serial plus the CheckpointIoT commands (0xC0-0xCF), over a System.IO.Ports
/// <see cref="SerialPort"/> (USB serial or a socat pty). One request at a time: write a command packet, then wait
/// for its RPC result, an error state or (for "request current state") a current-state packet. Bytes outside
/// packets (a node's log) are skipped. A device that goes away fails the pending request with a
/// <see cref="DeviceGoneException"/> naming the port at once, not at the request's timeout.
/// </summary>
public sealed class ImprovClient : IDisposable
{
    private readonly SerialPort _port;
    private readonly Thread _reader;
    private readonly ImprovParser _parser = new();
    private readonly Channel<ImprovPacket> _packets = Channel.CreateUnbounded<ImprovPacket>();
    private volatile bool _closed;
    private volatile string? _lost;

    /// <summary>Opens the port (8N1, raw); an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> says why.</summary>
    public ImprovClient(string port, int baud)
    {
        if (!File.Exists(port)) throw new IOException("no such device (plug the node in; on Linux see ls /dev/ttyUSB* /dev/ttyACM*)");
        Port = port;
        _port = new SerialPort(port, baud) { ReadTimeout = 100, WriteTimeout = 2000 };
        try
        {
            _port.Open();
        }
        catch
        {
            _port.Dispose();
            throw;
        }
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "improv " + port };
        _reader.Start();
    }

    public string Port { get; }

    /// <summary>The last state the device announced.</summary>
    public ImprovState? State { get; private set; }

    /// <summary>Asks for the current state until the device answers (it may still be booting or restarting).</summary>
    public async Task<ImprovState> ConnectAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Drain();
            Write(ImprovRpc.BuildCommand(ImprovCommand.GetCurrentState, []));
            var packet = await NextAsync(TimeSpan.FromSeconds(1), ct);
            if (packet != null && packet.Type == (int)ImprovPacketType.CurrentState && packet.Length >= 1) return (ImprovState)packet.Data[0];
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"no Improv answer on {Port} within {timeout.TotalSeconds:0} s (is the node in provisioning mode? LEDs alternate green/red)");
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
        Write(packetBytes);
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
        catch (ChannelClosedException ex)
        {
            throw new DeviceGoneException(_lost ?? "the device went away", ex);
        }
    }

    /// <summary>Drops packets nobody asked for (announcements, answers to a request that timed out).</summary>
    private void Drain()
    {
        while (_packets.Reader.TryRead(out _)) { }
    }

    private void Write(byte[] bytes)
    {
        if (_lost != null) throw new DeviceGoneException(_lost);
        try
        {
            _port.Write(bytes, 0, bytes.Length);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            throw new DeviceGoneException(Lost(ex), ex);
        }
    }

    private void ReadLoop()
    {
        var chunk = new byte[512];
        while (!_closed)
        {
            int n;
            try
            {
                n = _port.Read(chunk, 0, chunk.Length);
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (Exception) when (_closed)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
            {
                _packets.Writer.TryComplete(new DeviceGoneException(Lost(ex), ex));
                return;
            }
            OnBytes(chunk, n);
        }
    }

    private string Lost(Exception ex)
    {
        _lost ??= $"{Port}: the device went away ({ex.Message}); plug it in again and retry";
        return _lost;
    }

    private void OnBytes(byte[] buffer, int count)
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

    public void Dispose()
    {
        _closed = true;
        _port.Dispose();
        if (_reader.IsAlive) _reader.Join(TimeSpan.FromSeconds(2));
    }
}
