using System.Text;
using CheckpointIoT.Node.Core.Provisioning.Improv;

namespace CheckpointIoT.Node.Core.Tests.Provisioning;

public class ImprovCertificateAssemblerTests
{
    private static ImprovRpcCommand Chunk(int index, int count, byte[] bytes)
    {
        var packet = ImprovRpc.BuildCaChunk(index, count, bytes, 0, bytes.Length);
        return ImprovRpc.Decode(ImprovPacket.Parse(packet, 0, packet.Length));
    }

    private static readonly byte[] Pem = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\n" + new string('A', 600) + "\n-----END CERTIFICATE-----\n");

    private static List<byte[]> Split(byte[] data, int size)
    {
        var parts = new List<byte[]>();
        for (int i = 0; i < data.Length; i += size) parts.Add(data.Skip(i).Take(size).ToArray());
        return parts;
    }

    [Fact]
    public void Add_ChunksInOrder_CompleteCertificate()
    {
        var parts = Split(Pem, 200);
        var assembler = new ImprovCertificateAssembler();
        for (int i = 0; i < parts.Count; i++)
        {
            Assert.False(assembler.IsComplete);
            Assert.Equal(ImprovError.None, assembler.Add(Chunk(i, parts.Count, parts[i])));
        }
        Assert.True(assembler.IsComplete);
        Assert.Equal(Pem, assembler.ToArray());
    }

    [Fact]
    public void Add_RetriedChunk_TakenOnce()
    {
        var parts = Split(Pem, 200);
        var assembler = new ImprovCertificateAssembler();
        assembler.Add(Chunk(0, parts.Count, parts[0]));
        assembler.Add(Chunk(1, parts.Count, parts[1]));
        Assert.Equal(ImprovError.None, assembler.Add(Chunk(1, parts.Count, parts[1])));
        for (int i = 2; i < parts.Count; i++) assembler.Add(Chunk(i, parts.Count, parts[i]));
        Assert.Equal(Pem, assembler.ToArray());
    }

    [Fact]
    public void Add_OutOfOrderOrOverflow_InvalidRpc()
    {
        var assembler = new ImprovCertificateAssembler(300);
        Assert.Equal(ImprovError.InvalidRpc, assembler.Add(Chunk(1, 3, new byte[] { 1 })));
        Assert.Equal(ImprovError.None, assembler.Add(Chunk(0, 3, new byte[200])));
        Assert.Equal(ImprovError.InvalidRpc, assembler.Add(Chunk(2, 3, new byte[10])));
        Assert.Equal(ImprovError.InvalidRpc, assembler.Add(Chunk(1, 3, new byte[200])));
        Assert.Null(assembler.ToArray());
    }
}
