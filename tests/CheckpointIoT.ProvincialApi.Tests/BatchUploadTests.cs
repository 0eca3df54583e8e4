using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CheckpointIoT.ProvincialApi.Tests.Infrastructure;

namespace CheckpointIoT.ProvincialApi.Tests;

/// <summary>POST /v1/batches over real HTTP on loopback against a fresh SQLite file per test.</summary>
public sealed class BatchUploadTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);

    private static BatchJson Sample(string batchId, int from, int count, string node = "n1", string cp = "cp-1")
    {
        var b = new BatchJson(batchId);
        for (var i = from; i < from + count; i++)
        {
            b.CheckIn($"{node}:{i}", cp, T0.AddSeconds(i));
        }
        return b;
    }

    /// <summary>A server where gateway A registered cp-1 and gateway B cp-2, so their sample records are their own.</summary>
    private static async Task<TestServer> StartAsync(TimeProvider? time = null, Action<CheckpointIoT.ProvincialApi.Hosting.ProvincialServerOptions>? configure = null)
    {
        var server = await TestServer.StartAsync(time, configure);
        await server.RegisterAsync(TestServer.TokenA, "cp-1", "Gate A", "Ward 1", "D1");
        await server.RegisterAsync(TestServer.TokenB, "cp-2", "Gate B", "Ward 2", "D1");
        return server;
    }

    [Fact]
    public async Task Upload_NoToken_Returns401AndStoresNothing()
    {
        await using var server = await StartAsync();
        var response = await server.Http.PostAsync("v1/batches", Sample("batch-0001", 0, 3).Gzip());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, await server.StatAsync("checkins"));
    }

    [Fact]
    public async Task Upload_WrongToken_Returns401()
    {
        await using var server = await StartAsync();
        using var client = server.Client("not-a-valid-token");
        var response = await client.PostAsync("v1/batches", Sample("batch-0001", 0, 3).Gzip());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await server.StatAsync("checkins"));
    }

    [Fact]
    public async Task Upload_ValidGzipBatch_Returns200AndCountsRecords()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var batch = Sample("batch-0001", 0, 5);
        batch.Presence("n1:100:0", "cp-1", T0, T0.AddMinutes(1)).Presence("n1:100:1", "cp-1", T0, T0.AddMinutes(2), bt: "bluezone", rid: "00112233445566778899aabb");

        var answer = await BatchAnswer.PostAsync(client, batch.Gzip());

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("accepted", answer.State);
        Assert.Equal(7, answer.Received);
        Assert.Equal(7, answer.Accepted);
        Assert.Empty(answer.Rejected);
        var stats = await server.StatsAsync();
        Assert.Equal(5, stats.GetProperty("checkins").GetInt64());
        Assert.Equal(2, stats.GetProperty("presence").GetInt64());
        Assert.Equal(1, stats.GetProperty("batches").GetInt64());
    }

    [Fact]
    public async Task Upload_UncompressedBody_IsAcceptedToo()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var answer = await BatchAnswer.PostAsync(client, Sample("batch-0001", 0, 4).Plain());
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(4, await server.StatAsync("checkins"));
    }

    [Fact]
    public async Task Upload_SameBatchTwice_Returns409AndStoresOnce()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var batch = Sample("batch-0001", 0, 10);

        var first = await BatchAnswer.PostAsync(client, batch.Gzip());
        var second = await BatchAnswer.PostAsync(client, batch.Gzip());

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("duplicate", second.State);
        Assert.Equal(0, second.Accepted);
        Assert.Equal(10, second.Duplicates);
        var stats = await server.StatsAsync();
        Assert.Equal(10, stats.GetProperty("checkins").GetInt64());
        Assert.Equal(1, stats.GetProperty("batches").GetInt64());
        Assert.Equal(1, stats.GetProperty("duplicateBatches").GetInt64());
    }

    [Fact]
    public async Task Upload_DuplicateBatchAfterPartial_RepeatsTheRecordedRejections()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var batch = Sample("batch-0001", 0, 3);
        batch.CheckInWith("n1:50", "mid", "001099012345"); // full ID number: refused

        var first = await BatchAnswer.PostAsync(client, batch.Gzip());
        var again = await BatchAnswer.PostAsync(client, batch.Gzip());

        Assert.Equal(HttpStatusCode.MultiStatus, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var rejection = Assert.Single(again.Rejected);
        Assert.Equal("n1:50", rejection.Id);
        Assert.Equal("unmasked_id", rejection.Code);
        Assert.Equal(3, await server.StatAsync("checkins"));
    }

    [Fact]
    public async Task Upload_OverlappingBatches_StoresEachRecordOnce()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);

        var a = await BatchAnswer.PostAsync(client, Sample("batch-000a", 0, 100).Gzip());
        var b = await BatchAnswer.PostAsync(client, Sample("batch-000b", 50, 100).Gzip()); // 50..149: half already stored

        Assert.Equal(HttpStatusCode.OK, a.Status);
        Assert.Equal(HttpStatusCode.OK, b.Status);
        Assert.Equal(50, b.Accepted);
        Assert.Equal(50, b.Duplicates);
        var stats = await server.StatsAsync();
        Assert.Equal(150, stats.GetProperty("checkins").GetInt64());
        Assert.Equal(50, stats.GetProperty("duplicateRecords").GetInt64());
    }

    [Fact]
    public async Task Upload_ManyConcurrentOverlappingBatches_StoresEveryRecordExactlyOnce()
    {
        await using var server = await StartAsync(configure: o => o.MaxConcurrentUploadsPerGateway = 3);
        using var client = server.Client(TestServer.TokenA);
        var random = new Random(4242);
        var batches = Enumerable.Range(0, 24).Select(i =>
        {
            var from = random.Next(0, 900);
            return Sample($"batch-{i:0000}", from, random.Next(1, 100));
        }).ToList();
        var expected = new HashSet<int>();
        foreach (var b in batches)
        {
            var json = b.ToJson();
            foreach (var id in json["checkins"]!["id"]!.AsArray())
            {
                expected.Add(int.Parse(id!.GetValue<string>()[3..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var throttled = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (b, ct) =>
        {
            while (true)
            {
                var answer = await BatchAnswer.PostAsync(client, b.Gzip());
                if (answer.Status == HttpStatusCode.TooManyRequests)
                {
                    Assert.True(answer.Raw.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                    Interlocked.Increment(ref throttled);
                    await Task.Delay(10, ct);
                    continue;
                }
                Assert.Equal(HttpStatusCode.OK, answer.Status);
                return;
            }
        });

        Assert.Equal(expected.Count, await server.StatAsync("checkins"));
    }

    [Fact]
    public async Task Upload_SameRecordIdsFromTwoGateways_AreDistinctRecords()
    {
        await using var server = await StartAsync();
        using var a = server.Client(TestServer.TokenA);
        using var b = server.Client(TestServer.TokenB);
        Assert.Equal(HttpStatusCode.OK, (await BatchAnswer.PostAsync(a, Sample("batch-0001", 0, 5).Gzip())).Status);
        Assert.Equal(HttpStatusCode.OK, (await BatchAnswer.PostAsync(b, Sample("batch-0001", 0, 5, cp: "cp-2").Gzip())).Status);
        Assert.Equal(10, await server.StatAsync("checkins"));
        Assert.Equal(2, await server.StatAsync("gateways"));
    }

    [Fact]
    public async Task Upload_SomeInvalidRecords_Returns207WithPerRecordReasons()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var batch = Sample("batch-0001", 0, 2)
            .CheckInWith("n1:10", "mid", "001099012345")
            .CheckInWith("n1:11", "ts", "2025-11-22T08:15:30")          // no offset
            .CheckInWith("n1:12", "dir", "sideways")
            .CheckInWith("n1:13", "idh", "ABCDEF")
            .CheckInWith("n1:14", "qk", 7)                               // wrong JSON type
            .PresenceWith("n1:20:0", "rid", "not-hex")
            .PresenceWith("n1:20:1", "rmax", -300)
            .PresenceWith("n1:20:2", "bt", "wifi");

        var answer = await BatchAnswer.PostAsync(client, batch.Gzip());

        Assert.Equal(HttpStatusCode.MultiStatus, answer.Status);
        Assert.Equal("partial", answer.State);
        Assert.Equal(10, answer.Received);
        Assert.Equal(2, answer.Accepted);
        var codes = answer.Rejected.ToDictionary(r => r.Id!, r => r.Code);
        Assert.Equal("unmasked_id", codes["n1:10"]);
        Assert.Equal("invalid_timestamp", codes["n1:11"]);
        Assert.Equal("invalid_direction", codes["n1:12"]);
        Assert.Equal("invalid_id_hash", codes["n1:13"]);
        Assert.Equal("invalid_qr_kind", codes["n1:14"]);
        Assert.Equal("invalid_rotating_id", codes["n1:20:0"]);
        Assert.Equal("invalid_rssi", codes["n1:20:1"]);
        Assert.Equal("invalid_beacon_type", codes["n1:20:2"]);
        var unmasked = answer.Rejected.Single(r => r.Id == "n1:10");
        Assert.Equal("checkins", unmasked.Section);
        Assert.Equal(2, unmasked.Index);
        Assert.DoesNotContain("001099012345", unmasked.Reason);
        var presence = answer.Rejected.Single(r => r.Id == "n1:20:1");
        Assert.Equal("presence", presence.Section);
        Assert.Equal(1, presence.Index);
        Assert.Equal(2, await server.StatAsync("checkins"));
        Assert.Equal(8, await server.StatAsync("rejectedRecords"));
    }

    [Fact]
    public async Task Upload_EveryRecordInvalid_Returns422WithPerRecordReasons()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var batch = new BatchJson("batch-0001")
            .CheckInWith("n1:1", "vd", "maybe")
            .CheckInWith("n1:2", "ts", DateTimeOffset.UtcNow.AddDays(3).ToString("o"));

        var answer = await BatchAnswer.PostAsync(client, batch.Gzip());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal(2, answer.Rejected.Count);
        Assert.Contains(answer.Rejected, r => r.Id == "n1:1" && r.Code == "invalid_verdict");
        Assert.Contains(answer.Rejected, r => r.Id == "n1:2" && r.Code == "timestamp_out_of_range");
        Assert.Equal(0, await server.StatAsync("checkins"));
    }

    [Theory]
    [InlineData("{\"batchId\":\"x\",\"checkins\":{}}", "batchId")]
    [InlineData("{\"batchId\":\"batch-0001\"}", "no records")]
    [InlineData("{\"batchId\":\"batch-0001\",\"v\":2,\"checkins\":{}}", "version")]
    [InlineData("{\"batchId\":\"batch-0001\",\"checkins\":{\"id\":[\"a:1\"],\"cp\":[\"c\"],\"dir\":[\"in\"],\"ts\":[],\"qk\":[\"cccd\"],\"vd\":[\"pass\"]}}", "same length")]
    [InlineData("{\"batchId\":\"batch-0001\",\"checkins\":{\"id\":[\"a:1\"]}}", "missing")]
    [InlineData("[1,2,3]", "object")]
    [InlineData("{not json", "not valid JSON")]
    public async Task Upload_InvalidEnvelope_Returns422WithError(string body, string expectedFragment)
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var answer = await BatchAnswer.PostAsync(client, BatchJson.GzipContent(body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal("invalid", answer.State);
        Assert.Contains(expectedFragment, answer.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await server.StatAsync("batches"));
    }

    [Fact]
    public async Task Upload_MoreRecordsThanTheLimit_Returns422()
    {
        await using var server = await StartAsync(configure: o => o.MaxBatchRecords = 10);
        using var client = server.Client(TestServer.TokenA);
        var answer = await BatchAnswer.PostAsync(client, Sample("batch-0001", 0, 11).Gzip());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Contains("limit", answer.Error);
    }

    [Fact]
    public async Task Upload_BodyLargerThanLimit_Returns413()
    {
        await using var server = await StartAsync(configure: o => o.MaxRequestBytes = 4096);
        using var client = server.Client(TestServer.TokenA);
        var response = await client.PostAsync("v1/batches", Sample("batch-0001", 0, 200).Plain());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_TimestampsInOtherOffsets_DenoteTheSameInstant()
    {
        await using var server = await StartAsync();
        using var client = server.Client(TestServer.TokenA);
        var batch = new BatchJson("batch-0001")
            .CheckInWith("n1:1", "ts", "2025-11-22T01:15:30.123Z")
            .CheckInWith("n1:2", "ts", "2025-11-22T08:15:30+07:00")
            .CheckInWith("n1:3", "ts", "2025-11-22T08:15:30.1234567+07:00");
        var answer = await BatchAnswer.PostAsync(client, batch.Gzip());
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task Upload_BearerSchemeCaseInsensitive_IsAccepted()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.Host.BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer " + TestServer.TokenA);
        var answer = await BatchAnswer.PostAsync(client, Sample("batch-0001", 0, 1).Gzip());
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}
