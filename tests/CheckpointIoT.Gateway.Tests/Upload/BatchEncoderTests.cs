using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Upload;

public sealed class BatchEncoderTests
{
    private static readonly DateTimeOffset SentAt = new(2025, 11, 22, 1, 20, 0, TimeSpan.Zero);
    private static readonly TimeSpan Plus7 = TimeSpan.FromHours(7);

    private static string Gunzip(byte[] body)
    {
        using var gz = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public void ComputeBatchId_SameRecords_SameId_DifferentRecordsOrGateway_DifferentId()
    {
        var records = new RecordFactory(1).Mixed(50);
        var a = BatchEncoder.ComputeBatchId("gw", records);
        Assert.Equal(a, BatchEncoder.ComputeBatchId("gw", records.ToList()));
        Assert.NotEqual(a, BatchEncoder.ComputeBatchId("gw", records.Take(49)));
        Assert.NotEqual(a, BatchEncoder.ComputeBatchId("gw2", records));
        Assert.Matches("^b[0-9a-f]{32}$", a);
    }

    [Fact]
    public void Encode_SameRecordsTwice_SameBatchIdAndIdenticalIds()
    {
        var records = new RecordFactory(2).Mixed(30);
        var first = BatchEncoder.Encode("gw", records, SentAt, Plus7);
        var again = BatchEncoder.Encode("gw", records, SentAt.AddMinutes(5), Plus7);
        Assert.Equal(first.BatchId, again.BatchId);
    }

    [Fact]
    public void Encode_MixedRecords_WritesTheDocumentedColumnarJson()
    {
        var records = new List<OutboxRecord>
        {
            OutboxRecord.CheckIn(1, "door-01", 41, "cp-1", "in", SentAt.AddMinutes(-5).ToUnixTimeMilliseconds(), "cccd", "0010******45", new string('a', 64), "pass", null),
            OutboxRecord.PresenceSeen(2, "door-01", 42, 3, "cp-1", "in", SentAt.ToUnixTimeMilliseconds(), "gaen", "e7c6d34c71e48baf278bd99be74685bc",
                SentAt.AddMinutes(-6).ToUnixTimeMilliseconds(), SentAt.AddMinutes(-4).ToUnixTimeMilliseconds(), -58, -71, 14),
            OutboxRecord.CheckIn(3, "door-02", 7, "cp-1", "out", SentAt.AddMinutes(-1).ToUnixTimeMilliseconds(), "venue", null, null, "fail", "kind_not_accepted"),
        };

        var batch = BatchEncoder.Encode("gw", records, SentAt, Plus7);
        var json = Gunzip(batch.Body);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.DoesNotContain("\\u002B", json);
        Assert.Equal(1, root.GetProperty("v").GetInt32());
        Assert.Equal(batch.BatchId, root.GetProperty("batchId").GetString());
        Assert.Equal("2025-11-22T08:20:00.000+07:00", root.GetProperty("sentAt").GetString());
        var c = root.GetProperty("checkins");
        Assert.Equal(["door-01:41", "door-02:7"], c.GetProperty("id").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2025-11-22T08:15:00.000+07:00", c.GetProperty("ts")[0].GetString());
        Assert.Equal(["in", "out"], c.GetProperty("dir").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, c.GetProperty("mid")[1].ValueKind);
        Assert.Equal("kind_not_accepted", c.GetProperty("rc")[1].GetString());
        var p = root.GetProperty("presence");
        Assert.Equal("door-01:42:3", p.GetProperty("id")[0].GetString());
        Assert.Equal("2025-11-22T08:14:00.000+07:00", p.GetProperty("first")[0].GetString());
        Assert.Equal(-58, p.GetProperty("rmax")[0].GetInt32());
        Assert.Equal(14, p.GetProperty("n")[0].GetInt32());
        Assert.Equal(2, batch.CheckIns.Count);
        Assert.Single(batch.Presence);
    }

    [Fact]
    public void Encode_AllOptionalValuesNull_OmitsThoseColumns()
    {
        var records = new[]
        {
            OutboxRecord.CheckIn(1, "n", 1, "cp", "in", SentAt.ToUnixTimeMilliseconds(), "venue", null, null, "pass", null),
        };
        using var doc = JsonDocument.Parse(Gunzip(BatchEncoder.Encode("gw", records, SentAt, Plus7).Body));
        var c = doc.RootElement.GetProperty("checkins");
        Assert.False(c.TryGetProperty("mid", out _));
        Assert.False(c.TryGetProperty("idh", out _));
        Assert.False(c.TryGetProperty("rc", out _));
        Assert.False(doc.RootElement.TryGetProperty("presence", out _));
    }

    [Fact]
    public void Encode_RealisticBatch_StaysUnder64BytesPerRecord()
    {
        var records = new RecordFactory(3).Mixed(2000);
        var batch = BatchEncoder.Encode("gw", records, SentAt, Plus7);
        Assert.True(batch.Body.Length / 2000.0 <= 64, $"{batch.Body.Length / 2000.0:0.0} bytes per record");
        Assert.True(batch.UncompressedBytes > batch.Body.Length * 2);
    }
}
