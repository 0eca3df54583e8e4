using System.Diagnostics;

namespace CheckpointIoT.Node.Host.Adapters;

/// <summary>
/// A tty (USB-serial adapter or a socat pty) as a FileStream after <c>stty raw -echo &lt;baud&gt;</c>
/// (System.IO.Ports does not restore here). A background thread hands received bytes to the callback.
/// Used by the node simulator (<see cref="TtySerialLink"/>) and the technician CLI.
/// </summary>
public sealed class SerialDevice : IDisposable
{
    private readonly FileStream _stream;
    private readonly Action<byte[], int> _received;
    private readonly Thread _reader;
    private volatile bool _closed;

    private SerialDevice(string path, FileStream stream, Action<byte[], int> received)
    {
        Path = path;
        _stream = stream;
        _received = received;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "tty " + path };
        _reader.Start();
    }

    public string Path { get; }

    /// <summary>Opens and configures the device; an IOException names the reason (missing, permission, not a tty).</summary>
    public static SerialDevice Open(string path, int baud, Action<byte[], int> received)
    {
        if (!File.Exists(path)) throw new IOException($"{path} does not exist (plug the node in; on Linux see ls /dev/ttyUSB* /dev/ttyACM*)");
        Configure(path, baud);
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);
        return new SerialDevice(path, stream, received);
    }

    /// <summary>Raw mode, no echo, the given speed (a pty ignores the speed; a USB-serial adapter needs it).</summary>
    public static void Configure(string path, int baud)
    {
        var psi = new ProcessStartInfo("stty", ["-F", path, "raw", "-echo", baud.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var stty = Process.Start(psi) ?? throw new IOException("cannot run stty");
        string err = stty.StandardError.ReadToEnd();
        stty.WaitForExit();
        if (stty.ExitCode != 0) throw new IOException($"{path} is not a usable serial device: {err.Trim()}");
    }

    public void Write(byte[] bytes) => Write(bytes, 0, bytes.Length);

    public void Write(byte[] buffer, int offset, int count)
    {
        _stream.Write(buffer, offset, count);
        _stream.Flush();
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
            _received(chunk, n);
        }
    }

    public void Dispose()
    {
        _closed = true;
        _stream.Dispose();
    }
}
