using System.Diagnostics;

namespace CheckpointIoT.Technician.Device;

/// <summary>
/// A tty (USB-serial adapter or a socat pty) as a FileStream after <c>stty raw -echo &lt;baud&gt;</c>
/// (System.IO.Ports does not restore here). A background thread hands received bytes to <see cref="Received"/>.
/// </summary>
public sealed class SerialDevice : IDisposable
{
    private readonly FileStream _stream;
    private readonly Thread _reader;
    private volatile bool _closed;

    private SerialDevice(string path, FileStream stream, Action<byte[], int> received)
    {
        Path = path;
        _stream = stream;
        Received = received;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "tty " + path };
        _reader.Start();
    }

    public string Path { get; }

    private Action<byte[], int> Received { get; }

    /// <summary>Opens and configures the device; an IOException names the reason (missing, permission, not a tty).</summary>
    public static SerialDevice Open(string path, int baud, Action<byte[], int> received)
    {
        if (!File.Exists(path)) throw new IOException($"{path} does not exist (plug the node in; on Linux see ls /dev/ttyUSB* /dev/ttyACM*)");
        var psi = new ProcessStartInfo("stty", ["-F", path, "raw", "-echo", baud.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using (var stty = Process.Start(psi) ?? throw new IOException("cannot run stty"))
        {
            string err = stty.StandardError.ReadToEnd();
            stty.WaitForExit();
            if (stty.ExitCode != 0) throw new IOException($"{path} is not a usable serial device: {err.Trim()}");
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);
        return new SerialDevice(path, stream, received);
    }

    public void Write(byte[] bytes)
    {
        _stream.Write(bytes, 0, bytes.Length);
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
                Thread.Sleep(50);
                continue;
            }
            if (n == 0)
            {
                Thread.Sleep(10);
                continue;
            }
            Received(chunk, n);
        }
    }

    public void Dispose()
    {
        _closed = true;
        _stream.Dispose();
    }
}
