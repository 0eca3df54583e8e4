using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Fakes;

/// <summary>Realistic outbox records from a seeded Random: CCCD/unified/bhyt scans with masked ids and hashes, tracing beacons.</summary>
public sealed class RecordFactory(int seed, DateTimeOffset? start = null)
{
    private readonly Random _random = new(seed);
    private long _nextOutboxId = 1;
    private uint _seq = 1;
    private long _clockMs = (start ?? DateTimeOffset.UtcNow.AddHours(-3)).ToUnixTimeMilliseconds();

    public OutboxRecord CheckIn(string node = "door-01", string cp = "cp-1", string? maskedId = null)
    {
        _clockMs += _random.Next(200, 8000);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(_random.Next(0, 50_000))));
        return OutboxRecord.CheckIn(_nextOutboxId++, node, _seq++, cp, _random.Next(4) == 0 ? "out" : "in", _clockMs,
            _random.Next(10) switch { < 7 => "cccd", < 9 => "unified", _ => "bhyt" },
            maskedId ?? $"00{_random.Next(10, 99)}******{_random.Next(10, 99)}", hash,
            _random.Next(20) == 0 ? "fail" : "pass", null);
    }

    public OutboxRecord Presence(string node = "door-01", string cp = "cp-1", string? rotatingId = null, int index = 0)
    {
        _clockMs += _random.Next(100, 3000);
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        var seq = _seq++;
        return OutboxRecord.PresenceSeen(_nextOutboxId++, node, seq, index, cp, "in", _clockMs,
            _random.Next(3) == 0 ? "bluezone" : "gaen", rotatingId ?? Convert.ToHexStringLower(bytes),
            _clockMs - _random.Next(0, 60_000), _clockMs, -_random.Next(40, 90), -_random.Next(60, 100), _random.Next(1, 40));
    }

    /// <summary>About two check-ins per presence record.</summary>
    public List<OutboxRecord> Mixed(int count)
    {
        var list = new List<OutboxRecord>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(i % 3 == 2 ? Presence() : CheckIn());
        }
        return list;
    }
}
