using CheckpointIoT.Node.Core.Qr;

namespace CheckpointIoT.Node.Core.Tests.Qr;

public class QrFramerRandomizedTests
{
    private static List<QrFrame> Drain(QrFramer framer)
    {
        var frames = new List<QrFrame>();
        QrFrame? f;
        while ((f = framer.Dequeue()) != null) frames.Add(f);
        return frames;
    }

    private static string Describe(QrFrame f) => f.Error + ":" + f.DroppedBytes + ":" + Convert.ToHexString(f.Data);

    /// <summary>Random scans of printable bytes and UTF-8, each followed by CR, LF or CR LF, with noise between.</summary>
    private static (byte[] Stream, List<byte[]> Scans) MakeStream(Random rng, int scans, int maxLength)
    {
        var stream = new List<byte>();
        var expected = new List<byte[]>();
        for (int i = 0; i < scans; i++)
        {
            int length = rng.Next(1, maxLength + 1);
            var scan = new byte[length];
            for (int k = 0; k < length; k++)
            {
                byte b;
                do { b = (byte)rng.Next(0x04, 0x100); } while (b == 0x0D || b == 0x0A);
                scan[k] = b;
            }
            expected.Add(scan);
            stream.AddRange(scan);
            switch (rng.Next(3))
            {
                case 0: stream.Add(0x0D); break;
                case 1: stream.Add(0x0A); break;
                default: stream.Add(0x0D); stream.Add(0x0A); break;
            }
            int noise = rng.Next(4);
            for (int k = 0; k < noise; k++) stream.Add(rng.Next(3) switch { 0 => (byte)0x00, 1 => (byte)0x0D, _ => (byte)0x0A });
        }
        return (stream.ToArray(), expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Feed_GeneratedScans_EmitsExactlyThoseScans(int seed)
    {
        var rng = new Random(seed);
        var (stream, expected) = MakeStream(rng, 40, 700);
        var framer = new QrFramer(2048, 30, 64);
        framer.Feed(stream, 0, stream.Length, 0);
        var frames = Drain(framer);
        Assert.Equal(expected.Count, frames.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(QrFrameError.None, frames[i].Error);
            Assert.Equal(expected[i], frames[i].Data);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Feed_ByteByByteVersusAllAtOnceVersusRandomChunks_SameFrames(int seed)
    {
        var rng = new Random(seed);
        var (stream, _) = MakeStream(rng, 20, 300);
        // Mutate: random bytes, length-framed headers, oversize runs.
        var mutated = new List<byte>(stream);
        for (int i = 0; i < 30; i++)
        {
            int at = rng.Next(mutated.Count);
            switch (rng.Next(4))
            {
                case 0: mutated[at] = (byte)rng.Next(256); break;
                case 1: mutated.InsertRange(at, new byte[] { 0x03, 0x00, (byte)rng.Next(256) }); break;
                case 2: mutated.RemoveAt(at); break;
                default: mutated.InsertRange(at, Enumerable.Repeat((byte)'X', rng.Next(200, 600))); break;
            }
        }
        var input = mutated.ToArray();

        var whole = new QrFramer(512, 30, 1024);
        whole.Feed(input, 0, input.Length, 7);
        whole.Poll(1000);

        var single = new QrFramer(512, 30, 1024);
        for (int i = 0; i < input.Length; i++) single.Feed(input, i, 1, 7);
        single.Poll(1000);

        var chunked = new QrFramer(512, 30, 1024);
        int pos = 0;
        while (pos < input.Length)
        {
            int n = Math.Min(rng.Next(1, 64), input.Length - pos);
            chunked.Feed(input, pos, n, 7);
            pos += n;
        }
        chunked.Poll(1000);

        var a = Drain(whole).Select(Describe).ToList();
        Assert.NotEmpty(a);
        Assert.Equal(a, Drain(single).Select(Describe).ToList());
        Assert.Equal(a, Drain(chunked).Select(Describe).ToList());
    }

    [Theory]
    [InlineData(21, 64)]
    [InlineData(22, 100)]
    [InlineData(23, 2048)]
    public void Feed_RandomBytesAndTimes_NeverThrowsAndNeverExceedsCap(int seed, int cap)
    {
        var rng = new Random(seed);
        var framer = new QrFramer(cap, 30, 4);
        var buffer = new byte[4096];
        long now = 0;
        int frames = 0;
        for (int round = 0; round < 2000; round++)
        {
            int n = rng.Next(0, 200);
            for (int i = 0; i < n; i++)
            {
                // Biased toward the bytes the framer treats specially.
                buffer[i] = rng.Next(6) switch { 0 => (byte)0x0D, 1 => (byte)0x0A, 2 => (byte)0x00, 3 => (byte)0x03, _ => (byte)rng.Next(256) };
            }
            int offset = n == 0 ? 0 : rng.Next(0, n);
            framer.Feed(buffer, offset, n - offset, now);
            now += rng.Next(0, 60);
            if (rng.Next(4) == 0) framer.Poll(now);
            QrFrame? f;
            while ((f = framer.Dequeue()) != null)
            {
                frames++;
                Assert.InRange(f.Length, 0, cap);
                if (f.Error == QrFrameError.None) Assert.True(f.Length > 0);
                else Assert.Equal(0, f.Length);
                _ = f.Text;
            }
        }
        Assert.True(frames > 0);
    }
}
