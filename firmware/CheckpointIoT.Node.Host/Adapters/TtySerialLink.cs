using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// The core's serial seam over a <see cref="SerialDevice"/> (real tty or a socat pty). Received bytes go into a
/// ring buffer so <see cref="Read"/> never blocks, as on the ESP32.
/// </summary>
public sealed class TtySerialLink : ISerialLink, IDisposable
{
    private readonly string _path;
    private readonly SerialDevice _device;
    private readonly byte[] _ring = new byte[16 * 1024];
    private readonly object _gate = new();
    private int _head;
    private int _count;

    public TtySerialLink(string path, int baudRate = 9600)
    {
        _path = path;
        BaudRate = baudRate;
        _device = SerialDevice.Open(path, baudRate, OnReceived);
    }

    public int BaudRate { get; private set; }

    /// <summary>Bytes dropped because the consumer did not keep up (the ring was full).</summary>
    public long Overruns { get; private set; }

    public int Read(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            int n = Math.Min(count, _count);
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = _ring[(_head + i) % _ring.Length];
            }
            _head = (_head + n) % _ring.Length;
            _count -= n;
            return n;
        }
    }

    public void Write(byte[] buffer, int offset, int count) => _device.Write(buffer, offset, count);

    public void SetBaudRate(int baudRate)
    {
        SerialDevice.Configure(_path, baudRate);
        BaudRate = baudRate;
    }

    private void OnReceived(byte[] chunk, int n)
    {
        lock (_gate)
        {
            for (int i = 0; i < n; i++)
            {
                if (_count == _ring.Length)
                {
                    Overruns++;
                    continue;
                }
                _ring[(_head + _count) % _ring.Length] = chunk[i];
                _count++;
            }
        }
    }

    public void Dispose() => _device.Dispose();
}
