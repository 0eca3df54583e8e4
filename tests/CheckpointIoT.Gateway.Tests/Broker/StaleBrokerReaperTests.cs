using System.Diagnostics;
using System.Net.Sockets;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Mosquitto;

namespace CheckpointIoT.Gateway.Tests.Broker;

public class StaleBrokerReaperTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cp-reaper-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<Process> _started = [];

    public StaleBrokerReaperTests() => Directory.CreateDirectory(_dir);

    private (Process Process, int Port, string Config) StartBroker(string name)
    {
        int port = MosquittoBroker.FreeTcpPort();
        string config = Path.Combine(_dir, name, "mosquitto.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\n");
        var process = Process.Start(new ProcessStartInfo(MosquittoBroker.FindExecutable()!, ["-c", config]) { RedirectStandardError = true })!;
        _started.Add(process);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Accepts(port))
        {
            Assert.True(DateTime.UtcNow < deadline, "mosquitto did not start");
            Thread.Sleep(50);
        }
        return (process, port, config);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public void Reap_BrokerLeftOnOurConfig_IsStoppedAndPortFreed()
    {
        var ours = StartBroker("ours");
        var stranger = StartBroker("other");

        var stopped = StaleBrokerReaper.Reap(ours.Config, TimeSpan.FromSeconds(5));

        Assert.Equal([ours.Process.Id], stopped);
        Assert.True(ours.Process.HasExited);
        Assert.False(Accepts(ours.Port));
        Assert.False(stranger.Process.HasExited);
        Assert.True(Accepts(stranger.Port));
    }

    [Fact]
    public void Reap_NothingRunning_StopsNothing()
    {
        Assert.Empty(StaleBrokerReaper.Reap(Path.Combine(_dir, "none", "mosquitto.conf"), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void BrokerPortMemory_SameConfiguredPort_PrefersTheRememberedChoice()
    {
        BrokerPortMemory.Remember(_dir, 1883, 1884);
        Assert.Equal(1884, BrokerPortMemory.Preferred(_dir, 1883));
    }

    [Fact]
    public void BrokerPortMemory_ConfiguredPortChanged_UsesTheNewConfiguration()
    {
        BrokerPortMemory.Remember(_dir, 1883, 1884);
        Assert.Equal(2883, BrokerPortMemory.Preferred(_dir, 2883));
    }

    [Fact]
    public void BrokerPortMemory_NoOrGarbledFile_UsesConfiguredPort()
    {
        Assert.Equal(1883, BrokerPortMemory.Preferred(_dir, 1883));
        File.WriteAllText(Path.Combine(_dir, "port"), "nonsense");
        Assert.Equal(1883, BrokerPortMemory.Preferred(_dir, 1883));
    }

    public void Dispose()
    {
        foreach (var p in _started)
        {
            if (!p.HasExited) p.Kill();
            p.Dispose();
        }
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
