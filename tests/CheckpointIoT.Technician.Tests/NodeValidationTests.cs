using System.Text;
using CheckpointIoT.Node.Core.Provisioning.Improv;
using CheckpointIoT.Technician.Tests.Harness;

namespace CheckpointIoT.Technician.Tests;

/// <summary>The node's own checks, over the pty with raw Improv packets (bypassing the CLI's local checks).</summary>
[Collection(TechnicianCollection.Name)]
public sealed class NodeValidationTests
{
    [Fact]
    public async Task ApplyConfig_IncompleteConfig_NodeAnswersErrorNamingTheKeyAndWritesNothing()
    {
        await using var node = await ProvisioningNode.StartAsync();
        using var tty = new FileStream(node.Port, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);

        Write(tty, ImprovRpc.BuildCommand(ImprovCommand.SetNodeIdentity, ["n-0a0b0c", "cp-gate-2", "in"]));
        Assert.Equal(["n-0a0b0c", "cp-gate-2", "in"], await ReadResultAsync(tty, ImprovCommand.SetNodeIdentity));
        Write(tty, ImprovRpc.BuildCommand(ImprovCommand.ApplyConfig, []));
        string[] answer = await ReadResultAsync(tty, ImprovCommand.ApplyConfig);

        Assert.Equal("error", answer[0]);
        Assert.StartsWith("broker_host:", answer[1]);
        Assert.False(File.Exists(node.ConfigPath));
    }

    [Fact]
    public async Task SetNodeIdentity_BadDirection_NodeAnswersInvalidRpcAndLogsTheProblem()
    {
        await using var node = await ProvisioningNode.StartAsync();
        using var tty = new FileStream(node.Port, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);

        Write(tty, ImprovRpc.BuildCommand(ImprovCommand.SetNodeIdentity, ["n-0a0b0c", "cp-gate-2", "sideways"]));
        var packet = await ReadPacketAsync(tty, p => p.Type == (int)ImprovPacketType.ErrorState && p.Data[0] != 0);

        Assert.Equal((byte)ImprovError.InvalidRpc, packet.Data[0]);
        Assert.True(await node.Node.WaitForOutputAsync("direction must be in or out", TimeSpan.FromSeconds(5)), node.Node.Output);
    }

    private static void Write(FileStream tty, byte[] packet)
    {
        tty.Write(packet);
        tty.Flush();
    }

    private static async Task<string[]> ReadResultAsync(FileStream tty, int command)
    {
        var packet = await ReadPacketAsync(tty, p => p.Type == (int)ImprovPacketType.RpcResult && p.Data[0] == command);
        var strings = new List<string>();
        for (int pos = 2; pos < packet.Length; pos += 1 + packet.Data[pos]) strings.Add(Encoding.UTF8.GetString(packet.Data, pos + 1, packet.Data[pos]));
        return [.. strings];
    }

    private static async Task<ImprovPacket> ReadPacketAsync(FileStream tty, Func<ImprovPacket, bool> wanted)
    {
        var parser = new ImprovParser();
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            int n = await tty.ReadAsync(buffer, timeout.Token);
            for (int i = 0; i < n; i++)
            {
                var packet = parser.Feed(buffer[i]);
                if (packet != null && packet.ChecksumValid && wanted(packet)) return packet;
            }
        }
    }
}
