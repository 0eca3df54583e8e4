using CheckpointIoT.Node.Core.Ble;
using static CheckpointIoT.Node.Core.Tests.Ble.BeaconSamples;

namespace CheckpointIoT.Node.Core.Tests.Ble;

public class PresenceTableTests
{
    private const long T0 = 1_750_000_000_000;
    private static readonly byte[] Rpi = Bytes("e7c6d34c71e48baf278bd99be74685bc");

    private static void See(PresenceTable table, string hex, int rssi, long nowMs, byte[]? address = null)
    {
        byte[] data = Bytes(hex);
        table.Observe(address ?? Address, rssi, data, 0, data.Length, nowMs);
    }

    private static void SeeGaen(PresenceTable table, int n, int rssi, long nowMs)
    {
        byte[] buffer = new byte[AdvertisementBuilder.MaxLegacyBytes];
        int length = WriteGaen(buffer, n);
        table.Observe(Address, rssi, buffer, 0, length, nowMs);
    }

    private static byte[] GaenId(int n)
    {
        byte[] buffer = new byte[AdvertisementBuilder.MaxLegacyBytes];
        WriteGaen(buffer, n);
        return buffer.AsSpan(11, 16).ToArray();
    }

    [Fact]
    public void Observe_RepeatedSightings_TracksFirstLastMaxMeanAndCount()
    {
        var table = new PresenceTable(16, -60);
        int[] rssis = { -80, -71, -66, -90 };
        for (int i = 0; i < rssis.Length; i++) See(table, GaenHex, rssis[i], T0 + i * 1000);

        var record = new PresenceRecord();
        Assert.True(table.TryGet(BeaconType.Gaen, Rpi, 16, record));
        Assert.Equal(1, table.Count);
        Assert.Equal(T0, record.FirstSeenMs);
        Assert.Equal(T0 + 3000, record.LastSeenMs);
        Assert.Equal(rssis.Max(), record.MaxRssi);
        Assert.Equal((int)(rssis.Sum() / (long)rssis.Length), record.MeanRssi);
        Assert.Equal(4, record.Count);
        Assert.False(record.AtDoor);
    }

    [Fact]
    public void Observe_MaxRssiReachesThreshold_SetsAtDoor()
    {
        var table = new PresenceTable(16, -60);
        See(table, GaenHex, -75, T0);
        See(table, GaenHex, -60, T0 + 500);

        var record = new PresenceRecord();
        table.TryGet(BeaconType.Gaen, Rpi, 16, record);
        Assert.True(record.AtDoor);
    }

    [Fact]
    public void Observe_OutOfOrderTimestamps_KeepsEarliestAndLatest()
    {
        var table = new PresenceTable(16, -60);
        See(table, GaenHex, -70, T0 + 5000);
        See(table, GaenHex, -70, T0);
        See(table, GaenHex, -70, T0 + 2000);

        var record = new PresenceRecord();
        table.TryGet(BeaconType.Gaen, Rpi, 16, record);
        Assert.Equal(T0, record.FirstSeenMs);
        Assert.Equal(T0 + 5000, record.LastSeenMs);
    }

    [Fact]
    public void Observe_SameGaenFromRotatingAddresses_IsOneEntry()
    {
        var table = new PresenceTable(16, -60);
        See(table, GaenHex, -70, T0, new byte[] { 1, 1, 1, 1, 1, 1 });
        See(table, GaenHex, -70, T0 + 1, new byte[] { 2, 2, 2, 2, 2, 2 });

        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Observe_DistinctKinds_AreDistinctEntries()
    {
        var table = new PresenceTable(32, -60);
        foreach (byte[] advert in All()) table.Observe(Address, -70, advert, 0, advert.Length, T0);

        // BluezoneIos (UUID and overflow), BlueTrace and Other all key on the address, but each type is its own entry.
        Assert.Equal(All().Length - 1, table.Count);
        Assert.Equal(All().Length, table.Observed);
    }

    [Fact]
    public void Observe_FloodOfDistinctIds_StaysWithinCapacityAndCountsEvictions()
    {
        const int capacity = 128;
        var table = new PresenceTable(capacity, -60);

        for (int n = 0; n < 10_000; n++)
        {
            SeeGaen(table, n, -70 - (n % 20), T0 + n * 10);
            Assert.True(table.Count <= capacity);
        }

        Assert.Equal(capacity, table.Count);
        Assert.Equal(10_000 - capacity, table.Evicted);
        Assert.Equal(10_000, table.Observed);
        // Least recently seen go first: exactly the newest `capacity` ids remain.
        var record = new PresenceRecord();
        for (int n = 10_000 - capacity; n < 10_000; n++) Assert.True(table.TryGet(BeaconType.Gaen, GaenId(n), 16, record), "id " + n);
        Assert.False(table.TryGet(BeaconType.Gaen, GaenId(10_000 - capacity - 1), 16, record));
    }

    [Fact]
    public void Observe_FloodWithRepeats_LookupsStayCorrectAfterManyRemovals()
    {
        var table = new PresenceTable(64, -60);
        var random = new Random(7);
        var model = new Dictionary<int, int>();
        for (int i = 0; i < 20_000; i++)
        {
            int n = random.Next(100);
            SeeGaen(table, n, -70, T0 + i);
            model[n] = model.TryGetValue(n, out int c) ? c + 1 : 1;
            if (i % 997 == 0)
            {
                var output = new PresenceRecord[64];
                int flushed = table.FlushAll(output);
                for (int k = 0; k < flushed; k++)
                {
                    int key = BitConverter.ToInt32(output[k].Id, 0);
                    Assert.True(model.Remove(key, out int expected), "flushed unknown id " + key);
                    Assert.True(output[k].Count <= expected);
                }
                model.Clear();
            }
        }
        Assert.True(table.Count <= 64);
    }

    [Fact]
    public void Observe_WhenFull_EvictsNeverAtDoorBeforeAtDoor()
    {
        var table = new PresenceTable(3, -60);
        SeeGaen(table, 1, -50, T0);        // at the door, oldest
        SeeGaen(table, 2, -80, T0 + 10);   // weak
        SeeGaen(table, 3, -85, T0 + 20);   // weaker, newer
        SeeGaen(table, 4, -70, T0 + 30);   // table full: evicts the oldest never-at-door entry (2)

        var record = new PresenceRecord();
        Assert.True(table.TryGet(BeaconType.Gaen, GaenId(1), 16, record));
        Assert.False(table.TryGet(BeaconType.Gaen, GaenId(2), 16, record));
        Assert.True(table.TryGet(BeaconType.Gaen, GaenId(3), 16, record));
        Assert.True(table.TryGet(BeaconType.Gaen, GaenId(4), 16, record));
        Assert.Equal(1, table.Evicted);
    }

    [Fact]
    public void Observe_WhenFullAndLastSeenTies_EvictsWeakest()
    {
        var table = new PresenceTable(2, -60);
        SeeGaen(table, 1, -70, T0);
        SeeGaen(table, 2, -90, T0);
        SeeGaen(table, 3, -70, T0 + 1);

        var record = new PresenceRecord();
        Assert.True(table.TryGet(BeaconType.Gaen, GaenId(1), 16, record));
        Assert.False(table.TryGet(BeaconType.Gaen, GaenId(2), 16, record));
    }

    [Fact]
    public void Flush_IdleEntries_MovesOnlyThoseIdleLongEnough()
    {
        var table = new PresenceTable(16, -60);
        SeeGaen(table, 1, -70, T0);
        SeeGaen(table, 2, -70, T0 + 20_000);
        var output = new PresenceRecord[8];

        int flushed = table.Flush(T0 + 30_000, 15_000, output);

        Assert.Equal(1, flushed);
        Assert.Equal(GaenId(1), output[0].Id);
        Assert.Equal(1, table.Count);
        Assert.Null(output[1]);
    }

    [Fact]
    public void Flush_IdleExactlyAtThreshold_IsFlushed()
    {
        var table = new PresenceTable(16, -60);
        SeeGaen(table, 1, -70, T0);
        var output = new PresenceRecord[8];

        Assert.Equal(0, table.Flush(T0 + 14_999, 15_000, output));
        Assert.Equal(1, table.Flush(T0 + 15_000, 15_000, output));
    }

    [Fact]
    public void Flush_OutputSmallerThanIdleEntries_LeavesRestForNextFlush()
    {
        var table = new PresenceTable(16, -60);
        for (int n = 0; n < 5; n++) SeeGaen(table, n, -70, T0);
        var output = new PresenceRecord[2];

        Assert.Equal(2, table.Flush(T0 + 60_000, 1000, output));
        Assert.Equal(3, table.Count);
        Assert.Equal(2, table.Flush(T0 + 60_000, 1000, output));
        Assert.Equal(1, table.Flush(T0 + 60_000, 1000, output));
        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Evicted);
    }

    [Fact]
    public void Flush_ReusesCallerRecordsButGivesFreshIds()
    {
        var table = new PresenceTable(16, -60);
        var output = new PresenceRecord[1];
        SeeGaen(table, 1, -70, T0);
        table.FlushAll(output);
        PresenceRecord first = output[0];
        byte[] firstId = first.Id;

        SeeGaen(table, 2, -65, T0 + 1);
        table.FlushAll(output);

        Assert.Same(first, output[0]);
        Assert.NotSame(firstId, output[0].Id);
        Assert.Equal(GaenId(1), firstId);
        Assert.Equal(GaenId(2), output[0].Id);
        Assert.Equal(-65, output[0].MaxRssi);
    }

    [Fact]
    public void FlushAll_ThenSameIdSeenAgain_StartsFreshEntry()
    {
        var table = new PresenceTable(16, -60);
        SeeGaen(table, 1, -50, T0);
        table.FlushAll(new PresenceRecord[4]);
        SeeGaen(table, 1, -80, T0 + 100_000);

        var record = new PresenceRecord();
        table.TryGet(BeaconType.Gaen, GaenId(1), 16, record);
        Assert.Equal(1, record.Count);
        Assert.Equal(-80, record.MaxRssi);
        Assert.Equal(T0 + 100_000, record.FirstSeenMs);
    }

    [Fact]
    public void Flush_RecordsEncodeWithPresencePayload()
    {
        var table = new PresenceTable(16, -60);
        for (int n = 0; n < 3; n++) SeeGaen(table, n, -55 - n * 10, T0 + n * 1000);
        var output = new PresenceRecord[16];
        int count = table.FlushAll(output);

        byte[] payload = CheckpointIoT.Node.Core.Wire.PresencePayload.Encode(output, count, T0 + 10_000);
        var decoded = CheckpointIoT.Node.Core.Wire.PresencePayload.Decode(payload, 0, payload.Length, T0 + 10_000, out var error);

        Assert.Equal(CheckpointIoT.Node.Core.Wire.DecodeError.None, error);
        Assert.Equal(count, decoded.Length);
        Assert.Equal(output.Take(count).Select(r => Convert.ToHexString(r.Id)), decoded.Select(r => Convert.ToHexString(r.Id)));
    }

    [Fact]
    public void Shed_DropsWeakestUntilKeepRemain()
    {
        var table = new PresenceTable(16, -60);
        SeeGaen(table, 1, -50, T0);      // at door: kept longest
        SeeGaen(table, 2, -90, T0 + 1);
        SeeGaen(table, 3, -80, T0 + 2);
        SeeGaen(table, 4, -70, T0 + 3);

        table.Shed(2);

        var record = new PresenceRecord();
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table.Evicted);
        Assert.True(table.TryGet(BeaconType.Gaen, GaenId(1), 16, record));
        Assert.True(table.TryGet(BeaconType.Gaen, GaenId(4), 16, record));
    }

    [Fact]
    public void Constructor_NonPositiveCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PresenceTable(0, -60));
    }
}
