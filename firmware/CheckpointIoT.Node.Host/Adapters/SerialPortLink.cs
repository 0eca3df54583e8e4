using System.IO.Ports;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// The core's serial seam over System.IO.Ports <see cref="SerialPort"/> (a USB-serial adapter or a socat pty).
/// A background thread copies received bytes into a ring buffer so <see cref="Read"/> never blocks, as on the
/// ESP32. When the device goes away (unplugged, socat gone) <see cref="Read"/> and <see cref="Write"/> throw an
/// <see cref="IOException"/> naming the port, once the bytes received before are read.
/// </summary>
public sealed class SerialPortLink : ISerialLink, IDisposable
{
    private readonly SerialPort _port;
    private readonly Thread _reader;
    private readonly byte[] _ring = new byte[16 * 1024];
    private readonly object _gate = new();
    private int _head;
    private int _count;
    private volatile bool _closed;
    private volatile string? _lost;

    /// <summary>Opens the port (8N1, raw); an <see cref="IOException"/> names the port and the reason.</summary>
    public SerialPortLink(string path, int baudRate = 9600)
    {
        if (!File.Exists(path)) throw new IOException($"{path} does not exist (plug the device in; on Linux see ls /dev/ttyUSB* /dev/ttyACM*)");
        _port = new SerialPort(path, baudRate) { ReadTimeout = 100, WriteTimeout = 2000 };
        try
        {
            _port.Open();
        }
        catch (UnauthorizedAccessException ex)
        {
            _port.Dispose();
            throw new IOException($"{path}: permission denied or in use by another program (on Linux: the dialout group)", ex);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException)
        {
            _port.Dispose();
            throw new IOException($"{path} is not a usable serial device: {ex.Message}", ex);
        }
        Path = path;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "serial " + path };
        _reader.Start();
    }

    public string Path { get; }

    public int BaudRate => _port.BaudRate;

    /// <summary>Bytes dropped because the consumer did not keep up (the ring was full).</summary>
    public long Overruns { get; private set; }

    /// <summary>Why the device is gone, or null while it is there.</summary>
    public string? LostReason => _lost;

    public int Read(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            if (_count == 0 && _lost != null) throw new IOException(_lost);
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

    public void Write(byte[] buffer, int offset, int count)
    {
        if (_lost != null) throw new IOException(_lost);
        try
        {
            _port.Write(buffer, offset, count);
        }
        catch (Exception ex) when (!_closed && ex is IOException or InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            throw new IOException(Lost(ex), ex);
        }
    }

    /// <summary>Changes the speed of the open port (tcsetattr); the scanner driver moves the module to 115200.</summary>
    public void SetBaudRate(int baudRate)
    {
        if (_lost != null) throw new IOException(_lost);
        try
        {
            _port.BaudRate = baudRate;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            throw new IOException(Lost(ex), ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new IOException($"{Path}: {baudRate} baud is not supported: {ex.Message}", ex);
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
                Lost(ex);
                return;
            }
            if (n > 0) Store(chunk, n);
        }
    }

    private string Lost(Exception ex)
    {
        _lost ??= $"{Path}: the serial device went away ({ex.Message})";
        return _lost;
    }

    private void Store(byte[] chunk, int n)
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

    public void Dispose()
    {
        _closed = true;
        _port.Dispose();
        if (_reader.IsAlive) _reader.Join(TimeSpan.FromSeconds(2));
    }
}
