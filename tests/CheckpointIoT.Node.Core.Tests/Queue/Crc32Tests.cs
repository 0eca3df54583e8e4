using System.Text;
using CheckpointIoT.Node.Core.Queue;

namespace CheckpointIoT.Node.Core.Tests.Queue;

public class Crc32Tests
{
    [Fact]
    public void Compute_StandardCheckString_Matches()
    {
        byte[] check = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(0xCBF43926u, Crc32.Compute(check, 0, check.Length));
    }

    [Fact]
    public void Compute_Empty_IsZero()
    {
        Assert.Equal(0u, Crc32.Compute(new byte[3], 1, 0));
    }

    [Fact]
    public void Compute_RandomData_MatchesBitwiseReference()
    {
        var random = new Random(321);
        for (int n = 0; n < 200; n++)
        {
            byte[] data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            int offset = data.Length == 0 ? 0 : random.Next(data.Length);
            int count = data.Length - offset;

            Assert.Equal(BitwiseCrc(data, offset, count), Crc32.Compute(data, offset, count));
        }
    }

    [Fact]
    public void Update_InPieces_EqualsOneShot()
    {
        byte[] data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        uint running = Crc32.Update(Crc32.Start, data, 0, 10);
        running = Crc32.Update(running, data, 10, data.Length - 10);

        Assert.Equal(0x414FA339u, Crc32.Finish(running));
    }

    private static uint BitwiseCrc(byte[] data, int offset, int count)
    {
        uint crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + count; i++)
        {
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
