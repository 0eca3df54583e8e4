using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Benchmarks.Upload;

/// <summary>
/// A deterministic, realistic outbox backlog of one gateway (2 checkpoints, 4 doors): QR check-ins of a population of
/// 200,000 people (CCCD 70 %, unified QR 18 %, BHYT 6 %, vaccine certificate 2 %, venue/unknown 4 %; masked document
/// number + salted SHA-256 identity hash, 4 % fail verdicts) interleaved with beacon-presence records: the scanning
/// person's tracing app (1 in 3 has one; GAEN 16-byte or Bluezone 12-byte rotating id, rotating every 15 min),
/// other phones nearby (1 in 2 scans) and now and then a static iBeacon. About 53 % check-ins, 47 % presence records;
/// a scan every 0.6 s on average.
/// </summary>
internal static class BacklogGenerator
{
    private const int Population = 200_000;
    /// <summary>The backlog's checkpoints; the uploader registers them (the province accepts only a gateway's own).</summary>
    public static readonly string[] Checkpoints = ["cp-hbt-0001", "cp-hbt-0002"];
    private static readonly string[] Nodes = ["door-01", "door-02", "door-03", "door-04"];
    private static readonly string[] FailReasons = ["denylisted", "kind_not_accepted", "certificate_expired", "outside_opening_hours"];

    private sealed record Person(string QrKind, string? MaskedId, string? IdHash, int App, byte[] AppSeed);

    public static OutboxRecord[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        var salt = new byte[32];
        random.NextBytes(salt);
        var people = new Person[Population];
        for (var i = 0; i < Population; i++)
        {
            people[i] = MakePerson(random, salt);
        }
        var staticBeacons = Enumerable.Range(0, 8).Select(_ => Hex(random, 20)).ToArray();

        var records = new OutboxRecord[count];
        var seqs = new uint[Nodes.Length];
        var clock = new DateTimeOffset(2025, 11, 15, 6, 0, 0, TimeSpan.FromHours(7)).ToUnixTimeMilliseconds();
        long outboxId = 0;
        var n = 0;
        while (n < count)
        {
            clock += (long)(-Math.Log(1 - random.NextDouble()) * 600) + 1;
            var node = random.Next(Nodes.Length);
            var cp = Checkpoints[node / 2];
            var direction = node % 2 == 0 ? "in" : "out";
            var person = people[(int)Math.Min(Population - 1, Math.Abs(NextGaussian(random)) * Population / 3)];
            var fail = person.QrKind is "venue" or "unknown" || random.Next(100) < 4;
            records[n++] = OutboxRecord.CheckIn(++outboxId, Nodes[node], ++seqs[node], cp, direction, clock, person.QrKind,
                person.MaskedId, person.IdHash, fail ? "fail" : "pass",
                fail ? (person.QrKind is "venue" or "unknown" ? "kind_not_accepted" : FailReasons[random.Next(FailReasons.Length)]) : null);

            // One presence message from the same node: the beacons it saw around this scan.
            var beacons = new List<(string Type, string Rid)>();
            if (person.App != 0)
            {
                beacons.Add(person.App == 1 ? ("gaen", RotatingId(person.AppSeed, clock, 16)) : ("bluezone", RotatingId(person.AppSeed, clock, 12)));
            }
            if (random.Next(2) == 0)
            {
                var other = people[random.Next(Population)];
                beacons.Add(other.App == 2 ? ("bluezone", RotatingId(other.AppSeed, clock, 12)) : ("gaen", RotatingId(other.AppSeed, clock, 16)));
            }
            if (random.Next(20) == 0)
            {
                beacons.Add(("ibeacon", staticBeacons[random.Next(staticBeacons.Length)]));
            }
            if (beacons.Count == 0)
            {
                continue;
            }
            var seq = ++seqs[node];
            for (var i = 0; i < beacons.Count && n < count; i++)
            {
                var first = clock - random.Next(2_000, 90_000);
                records[n++] = OutboxRecord.PresenceSeen(++outboxId, Nodes[node], seq, i, cp, direction, clock, beacons[i].Type, beacons[i].Rid,
                    first, clock + random.Next(0, 5_000), -random.Next(45, 80), -random.Next(70, 95), random.Next(1, 60));
            }
        }
        return records;
    }

    private static Person MakePerson(Random random, byte[] salt)
    {
        var roll = random.Next(100);
        var kind = roll switch { < 70 => "cccd", < 88 => "unified", < 94 => "bhyt", < 96 => "hc1", < 98 => "venue", _ => "unknown" };
        string? masked = null, hash = null;
        switch (kind)
        {
            case "cccd":
            case "unified":
                var id = "0" + random.Next(1, 97).ToString("00", CultureInfo.InvariantCulture) + random.Next(0, 4)
                    + random.Next(0, 100).ToString("00", CultureInfo.InvariantCulture) + random.Next(0, 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
                masked = id[..4] + "******" + id[^2..];
                hash = Hash(salt, "cccd:" + id);
                break;
            case "bhyt":
                var card = "DN4" + random.Next(0, 100).ToString("00", CultureInfo.InvariantCulture) + random.NextInt64(0, 10_000_000_000).ToString("0000000000", CultureInfo.InvariantCulture);
                masked = card[..4] + "*******" + card[^4..];
                hash = Hash(salt, "bhyt:" + card);
                break;
            case "hc1":
                hash = Hash(salt, "hc1:URN:UVCI:01:VN:" + random.NextInt64());
                break;
        }
        var app = random.Next(3) == 0 ? (random.Next(3) == 0 ? 2 : 1) : 0;
        var appSeed = new byte[16];
        random.NextBytes(appSeed);
        return new Person(kind, masked, hash, app, appSeed);
    }

    // A rotating identifier that changes every 15 minutes, like GAEN RPIs and Bluezone IDs.
    private static string RotatingId(byte[] seed, long unixMs, int bytes)
    {
        Span<byte> input = stackalloc byte[24];
        seed.CopyTo(input);
        BitConverter.TryWriteBytes(input[16..], unixMs / 900_000);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        return Convert.ToHexStringLower(digest[..bytes]);
    }

    private static string Hash(byte[] salt, string text)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetByteCount(text)];
        salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, salt.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string Hex(Random random, int bytes)
    {
        var b = new byte[bytes];
        random.NextBytes(b);
        return Convert.ToHexStringLower(b);
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
