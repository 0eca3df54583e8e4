using System.Diagnostics;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// A serial device (real tty or a socat pty) as a plain FileStream after <c>stty raw</c>.
/// A background reader fills a buffer so <see cref="Read"/> never blocks, as on the ESP32.
/// </summary>
public sealed class TtySerialLink : ISerialLink, IDisposable
{
    private readonly string _path;
    private readonly FileStream _stream;
    private readonly byte[] _ring = new byte[16 * 1024];
    private readonly object _gate = new();
    private readonly Thread _reader;
    private int _head;
    private int _count;
    private volatile bool _closed;

    public TtySerialLink(string path, int baudRate = 9600)
    {
        _path = path;
        Configure(path, baudRate);
        BaudRate = baudRate;
        _stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "tty " + path };
        _reader.Start();
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

    public void Write(byte[] buffer, int offset, int count)
    {
        _stream.Write(buffer, offset, count);
        _stream.Flush();
    }

    public void SetBaudRate(int baudRate)
    {
        Configure(_path, baudRate);
        BaudRate = baudRate;
    }

    private static void Configure(string path, int baudRate)
    {
        // A pty ignores the speed; a real USB-serial adapter needs it. stty is in coreutils.
        var psi = new ProcessStartInfo("stty", ["-F", path, "raw", "-echo", baudRate.ToString()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(psi) ?? throw new IOException("cannot run stty");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new IOException($"stty -F {path} raw failed: {process.StandardError.ReadToEnd().Trim()}");
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
                n = _stream.Read(chunk, 0, chunk.Length);
            }
            catch (Exception) when (_closed)
            {
                return;
            }
            catch (IOException)
            {
                // The other end of a pty closed: wait for it to come back.
                Thread.Sleep(50);
                continue;
            }
            if (n == 0)
            {
                Thread.Sleep(10);
                continue;
            }
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
    }

    public void Dispose()
    {
        _closed = true;
        _stream.Dispose();
    }
}
