using System.Diagnostics;
using CheckpointIoT.Fuzz;
using CsCheck;

namespace CheckpointIoT.Property.Tests;

/// <summary>
/// 10,000 cases per parser: half random bytes, half mutations (bit flips, truncation, insertion, duplication of a
/// region) of the valid inputs the project's own encoders build. Each case must finish without an exception
/// (the targets in <see cref="FuzzTargets"/> throw only when a parser breaks its contract or a round trip differs),
/// within a time bound and an allocation bound.
/// </summary>
public sealed class ParserProperties
{
    private const int Cases = 10_000;
    /// <summary>Generous for a loaded 2-core machine; a parser that loops or goes quadratic on a 4 KiB input blows it.</summary>
    private static readonly TimeSpan PerInput = TimeSpan.FromMilliseconds(250);
    /// <summary>The largest input is 4 KiB; the parsers copy it a few times at most.</summary>
    private const long MaxAllocatedBytes = 1_000_000;

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (string name in FuzzTargets.All.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Random_and_mutated_inputs_break_no_contract(string target)
    {
        Action<byte[]> run = FuzzTargets.All[target];
        IReadOnlyList<byte[]> seeds = FuzzTargets.Seeds(target);
        foreach (byte[] seed in seeds) run(seed); // the valid inputs themselves pass
        Gen<byte[]> input = Gen.Frequency((1, Gen.Byte.Array[0, 4096]), (1, Mutated(seeds)));
        input.Sample(bytes => Check(run, bytes), iter: Cases, threads: 1);
    }

    private static void Check(Action<byte[]> run, byte[] bytes)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        run(bytes);
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (watch.Elapsed > PerInput) throw new TimeoutException($"{bytes.Length}-byte input took {watch.Elapsed.TotalMilliseconds:F0} ms");
        if (allocated > MaxAllocatedBytes) throw new InvalidOperationException($"{bytes.Length}-byte input allocated {allocated} bytes");
    }

    /// <summary>A seed with 1..4 mutations applied.</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[1, 4], Gen.Int.Array[16], (index, count, dice) =>
        {
            var bytes = new List<byte>(seeds[index]);
            for (int m = 0; m < count; m++) Mutate(bytes, dice[(m * 4) % 16], dice[(m * 4 + 1) % 16], dice[(m * 4 + 2) % 16], dice[(m * 4 + 3) % 16]);
            return bytes.ToArray();
        });

    private static void Mutate(List<byte> bytes, int op, int a, int b, int c)
    {
        int n = bytes.Count;
        int at = n == 0 ? 0 : (int)((uint)a % (uint)n);
        switch ((uint)op % 4)
        {
            case 0: // bit flip
                if (n > 0) bytes[at] ^= (byte)(1 << (int)((uint)b % 8));
                break;
            case 1: // truncation
                bytes.RemoveRange(at, n - at);
                break;
            case 2: // insertion of 1..8 bytes
                for (int i = 0; i < 1 + (uint)b % 8; i++) bytes.Insert(at, (byte)(c >> (i % 4 * 8)));
                break;
            default: // duplication of a region
                int length = n == 0 ? 0 : 1 + (int)((uint)b % (uint)(n - at));
                bytes.InsertRange(at, bytes.GetRange(at, length));
                break;
        }
    }
}
