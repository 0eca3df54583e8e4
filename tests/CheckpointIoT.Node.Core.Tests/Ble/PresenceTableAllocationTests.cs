using CheckpointIoT.Node.Core.Ble;
using Xunit.Abstractions;

namespace CheckpointIoT.Node.Core.Tests.Ble;

/// <summary>Allocation figures of the scan path (reported as RESULT lines; the bound is the design target, not a timing).</summary>
public class PresenceTableAllocationTests(ITestOutputHelper output)
{
    private const int Adverts = 10_000;
    private const int TargetBytesPerAdvert = 256;

    private static byte[][] MakeAdverts(int distinct)
    {
        var adverts = new byte[distinct][];
        for (int n = 0; n < distinct; n++)
        {
            var buffer = new byte[AdvertisementBuilder.MaxLegacyBytes];
            var uuid = new byte[16];
            new Random(n).NextBytes(uuid);
            int length = (n % 3) switch
            {
                0 => BeaconSamples.WriteGaen(buffer, n),
                1 => AdvertisementBuilder.BluezoneAndroid(buffer, 0, BitConverter.GetBytes((long)n).Concat(new byte[4]).ToArray()),
                _ => AdvertisementBuilder.IBeacon(buffer, 0, uuid, n, n >> 16, -59),
            };
            adverts[n] = buffer.AsSpan(0, length).ToArray();
        }
        return adverts;
    }

    private static long Measure(PresenceTable table, byte[][] adverts, long t0)
    {
        byte[] address = { 1, 2, 3, 4, 5, 6 };
        // Warm up (JIT, first inserts) outside the measured window.
        for (int i = 0; i < adverts.Length; i++) table.Observe(address, -70, adverts[i], 0, adverts[i].Length, t0 + i);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Adverts; i++)
        {
            byte[] advert = adverts[i % adverts.Length];
            address[5] = (byte)i;
            table.Observe(address, -60 - (i % 30), advert, 0, advert.Length, t0 + 1000 + i);
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Observe_RepeatingIds_AllocatesNothingPerAdvert()
    {
        var table = new PresenceTable(256, -60);
        long allocated = Measure(table, MakeAdverts(100), 1_750_000_000_000);

        double perAdvert = (double)allocated / Adverts;
        output.WriteLine($"RESULT ble_alloc_bytes_per_advert_steady={perAdvert:0.###} (total {allocated} B over {Adverts} adverts, 100 repeating ids)");
        Assert.InRange(perAdvert, 0, TargetBytesPerAdvert);
        var flushed = new PresenceRecord[512];
        int n = table.FlushAll(flushed);
        Assert.Equal(100, n);
        Assert.Equal(new[] { BeaconType.Gaen, BeaconType.BluezoneAndroid, BeaconType.IBeacon }, flushed.Take(n).Select(r => r.Type).Distinct().Order());
    }

    [Fact]
    public void Observe_FloodWithEvictions_AllocatesNothingPerAdvert()
    {
        var table = new PresenceTable(64, -60);
        long allocated = Measure(table, MakeAdverts(1000), 1_750_000_000_000);

        double perAdvert = (double)allocated / Adverts;
        output.WriteLine($"RESULT ble_alloc_bytes_per_advert_flood={perAdvert:0.###} (total {allocated} B, 1000 distinct ids into 64 slots, {table.Evicted} evictions)");
        Assert.InRange(perAdvert, 0, TargetBytesPerAdvert);
        Assert.True(table.Evicted > Adverts / 2);
    }
}
