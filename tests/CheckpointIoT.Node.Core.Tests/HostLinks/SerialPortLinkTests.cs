using System.Text;
using CheckpointIoT.Node.Host.Adapters;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>The host runtime's serial seam (System.IO.Ports) over a real socat pty pair.</summary>
public sealed class SerialPortLinkTests : IAsyncLifetime
{
    private PtyPair _pty = null!;

    public async Task InitializeAsync() => _pty = await PtyPair.StartAsync();

    [Fact]
    public void Read_NothingSent_ReturnsZeroWithoutBlocking()
    {
        using var link = new SerialPortLink(_pty.NodeEnd);

        Assert.Equal(0, link.Read(new byte[64], 0, 64));
    }

    [Fact]
    public void Read_BytesFromTheOtherEnd_ArriveInOrderBothWays()
    {
        using var node = new SerialPortLink(_pty.NodeEnd);
        using var scanner = new SerialPortLink(_pty.TechnicianEnd);

        Send(scanner, "001099012345|scan\r\n");
        Send(node, "\x7e\x00\x08ping");

        Assert.Equal("001099012345|scan\r\n", ReadText(node, 19));
        Assert.Equal("\x7e\x00\x08ping", ReadText(scanner, 7));
    }

    [Fact]
    public void SetBaudRate_OverPtyPair_PortRunsAtTheNewSpeedAndStillCarriesData()
    {
        using var node = new SerialPortLink(_pty.NodeEnd, 9600);
        using var scanner = new SerialPortLink(_pty.TechnicianEnd, 9600);
        Assert.Equal("9600", PtyPair.SttySpeed(_pty.NodeEnd));

        node.SetBaudRate(115200);

        Assert.Equal(115200, node.BaudRate);
        Assert.Equal("115200", PtyPair.SttySpeed(_pty.NodeEnd));
        Send(scanner, "after the change");
        Assert.Equal("after the change", ReadText(node, 16));
        Send(node, "ack");
        Assert.Equal("ack", ReadText(scanner, 3));
    }

    [Fact]
    public void Read_DeviceGoesAwayMidSession_ThrowsIOExceptionNamingThePort()
    {
        using var node = new SerialPortLink(_pty.NodeEnd);
        using (var scanner = new SerialPortLink(_pty.TechnicianEnd))
        {
            Send(scanner, "first");
            Assert.Equal("first", ReadText(node, 5));
        }

        _pty.Kill();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IOException? error = null;
        while (error == null && DateTime.UtcNow < deadline)
        {
            try
            {
                node.Read(new byte[16], 0, 16);
                Thread.Sleep(20);
            }
            catch (IOException ex)
            {
                error = ex;
            }
        }
        Assert.NotNull(error);
        Assert.Contains(_pty.NodeEnd, error.Message);
        Assert.Contains("went away", error.Message);
        Assert.NotNull(node.LostReason);
        var write = Assert.Throws<IOException>(() => node.Write([1, 2, 3], 0, 3));
        Assert.Contains(_pty.NodeEnd, write.Message);
        Assert.Throws<IOException>(() => node.SetBaudRate(115200));
    }

    [Fact]
    public void Constructor_MissingPort_ThrowsNamingThePort()
    {
        string missing = Path.Combine(_pty.Directory, "no-such-tty");

        var error = Assert.Throws<IOException>(() => new SerialPortLink(missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Constructor_NotASerialDevice_ThrowsNamingThePort()
    {
        string file = Path.Combine(_pty.Directory, "plain-file");
        File.WriteAllText(file, "not a tty");

        var error = Assert.Throws<IOException>(() => new SerialPortLink(file));

        Assert.Contains(file, error.Message);
    }

    private static void Send(SerialPortLink link, string text)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        link.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Polls the non-blocking Read until <paramref name="count"/> bytes arrived (at most 10 s).</summary>
    private static string ReadText(SerialPortLink link, int count)
    {
        var received = new List<byte>();
        var buffer = new byte[64];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            int n = link.Read(buffer, 0, buffer.Length);
            received.AddRange(buffer.Take(n));
            if (n == 0) Thread.Sleep(5);
        }
        return Encoding.Latin1.GetString([.. received]);
    }

    public async Task DisposeAsync() => await _pty.DisposeAsync();
}
