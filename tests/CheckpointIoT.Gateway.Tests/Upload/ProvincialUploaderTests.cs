using System.Text.Json;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Tests.Metrics;
using CheckpointIoT.Gateway.Upload;
using Microsoft.Extensions.Time.Testing;

namespace CheckpointIoT.Gateway.Tests.Upload;

/// <summary>The uploader against the real reference server on loopback (real Kestrel, real SQLite file).</summary>
public sealed class ProvincialUploaderTests
{
    private static async Task DrainAsync(ProvincialUploader uploader)
    {
        for (var i = 0; i < 10_000; i++)
        {
            var r = await uploader.UploadOnceAsync(CancellationToken.None);
            if (r.Outcome == UploadOutcome.Empty)
            {
                return;
            }
            Assert.NotEqual(UploadOutcome.Failed, r.Outcome);
        }
        throw new InvalidOperationException("did not drain");
    }

    [Fact]
    public async Task UploadOnce_Backlog_EveryRecordStoredExactlyOnce()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var store = new InMemoryOutboxStore();
            store.Add(new RecordFactory(11).Mixed(2300));
            using var api = new ProvincialApiClient(UploadTestSupport.Options(server.BaseAddress));
            var uploader = new ProvincialUploader(store, api, UploadTestSupport.Options(server.BaseAddress));

            await DrainAsync(uploader);

            var stats = await UploadTestSupport.StatsAsync(server.BaseAddress);
            var records = store.Records;
            Assert.Equal(records.Count(r => r.Kind == OutboxRecordKind.CheckIn), stats.GetProperty("checkins").GetInt64());
            Assert.Equal(records.Count(r => r.Kind == OutboxRecordKind.Presence), stats.GetProperty("presence").GetInt64());
            Assert.Equal(5, stats.GetProperty("batches").GetInt64());
            Assert.Equal(2300, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Empty(store.MarkedUploadedTwice());
            Assert.Equal(2300, uploader.Status.RecordsUploaded);
            Assert.Equal(5, uploader.Status.BatchesUploaded);
            Assert.True(uploader.Status.BytesSent > 0);
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task UploadOnce_InvalidRecords_RejectedKeptWithReasonTheRestStored()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var factory = new RecordFactory(12);
            var good = factory.Mixed(20);
            var unmasked = factory.CheckIn(maskedId: "001099012345");
            var badBeacon = factory.Presence(rotatingId: "XYZ");
            var store = new InMemoryOutboxStore();
            store.Add(good.Take(10).Append(unmasked).Concat(good.Skip(10)).Append(badBeacon));
            var options = UploadTestSupport.Options(server.BaseAddress);
            using var api = new ProvincialApiClient(options);
            var uploader = new ProvincialUploader(store, api, options);

            var result = await uploader.UploadOnceAsync(CancellationToken.None);
            var next = await uploader.UploadOnceAsync(CancellationToken.None);

            Assert.Equal(UploadOutcome.Partial, result.Outcome);
            Assert.Equal(2, result.Rejected);
            Assert.Equal(UploadOutcome.Empty, next.Outcome); // rejected records are never re-sent
            Assert.Equal(InMemoryOutboxStore.State.Rejected, store.StateOf(unmasked.OutboxId));
            Assert.StartsWith("unmasked_id:", store.ReasonOf(unmasked.OutboxId));
            Assert.DoesNotContain("001099012345", store.ReasonOf(unmasked.OutboxId));
            Assert.StartsWith("invalid_rotating_id:", store.ReasonOf(badBeacon.OutboxId));
            Assert.Equal(20, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Equal(2, uploader.Status.RecordsRejected);
            var stats = await UploadTestSupport.StatsAsync(server.BaseAddress);
            Assert.Equal(20, stats.GetProperty("checkins").GetInt64() + stats.GetProperty("presence").GetInt64());
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task UploadOnce_CrashBeforeOutboxCommit_RestartResendsWithoutDuplicates()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var store = new InMemoryOutboxStore { FailNextMarkUploaded = 1 };
            store.Add(new RecordFactory(13).Mixed(700));
            var options = UploadTestSupport.Options(server.BaseAddress);
            using var api = new ProvincialApiClient(options);

            var first = new ProvincialUploader(store, api, options);
            await Assert.ThrowsAsync<IOException>(() => first.UploadOnceAsync(CancellationToken.None)); // server stored 500, outbox did not commit

            var restarted = new ProvincialUploader(store, api, options);
            var again = await restarted.UploadOnceAsync(CancellationToken.None);
            await DrainAsync(restarted);

            Assert.Equal(UploadOutcome.Duplicate, again.Outcome); // same records → same batch id → 409
            Assert.Equal(500, again.Duplicates);
            var stats = await UploadTestSupport.StatsAsync(server.BaseAddress);
            Assert.Equal(700, stats.GetProperty("checkins").GetInt64() + stats.GetProperty("presence").GetInt64());
            Assert.Equal(700, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Equal(500, stats.GetProperty("duplicateRecords").GetInt64());
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task RunAsync_Backlog_DrainsEverythingAndKeepsRunning()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var store = new InMemoryOutboxStore();
            store.Add(new RecordFactory(14).Mixed(1234));
            var options = UploadTestSupport.Options(server.BaseAddress);
            using var api = new ProvincialApiClient(options);
            var uploader = new ProvincialUploader(store, api, options);
            using var cts = new CancellationTokenSource();
            var run = uploader.RunAsync(cts.Token);

            await WaitUntilAsync(() => store.Count(InMemoryOutboxStore.State.Pending) == 0);
            store.Add(new RecordFactory(15).Mixed(5).Select(r => r with { OutboxId = r.OutboxId + 1_000_000, RecordId = "late-" + r.RecordId.Replace(':', '.') }));
            uploader.Nudge();
            await WaitUntilAsync(() => store.Count(InMemoryOutboxStore.State.Pending) == 0);
            cts.Cancel();
            await run;

            Assert.Equal(1239, store.Count(InMemoryOutboxStore.State.Uploaded));
            var stats = await UploadTestSupport.StatsAsync(server.BaseAddress);
            Assert.Equal(1239, stats.GetProperty("checkins").GetInt64() + stats.GetProperty("presence").GetInt64());
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task RunAsync_PartialBatchYoungerThanMaxAge_IsNotSentUntilFull()
    {
        await using var endpoint = await FaultInjectingProvincialServer.StartAsync();
        var store = new InMemoryOutboxStore();
        var factory = new RecordFactory(16);
        store.Add(factory.Mixed(10));
        var options = UploadTestSupport.Options(endpoint.BaseAddress, o =>
        {
            o.MaxBatchRecords = 50;
            o.MaxBatchAge = TimeSpan.FromHours(1);
        });
        using var api = new ProvincialApiClient(options);
        var uploader = new ProvincialUploader(store, api, options);
        using var cts = new CancellationTokenSource();
        var run = uploader.RunAsync(cts.Token);

        await WaitUntilAsync(() => store.ReadCalls >= 3); // it looked at the outbox several times...
        Assert.Equal(0, endpoint.Requests);                // ...and kept waiting for the batch to fill or age
        store.Add(factory.Mixed(40));
        uploader.Nudge();
        await WaitUntilAsync(() => store.Count(InMemoryOutboxStore.State.Uploaded) == 50);
        cts.Cancel();
        await run;
        Assert.Equal(1, endpoint.Requests);
    }

    [Fact]
    public async Task RunAsync_OutboxReadFails_LogsAndRecovers()
    {
        await using var endpoint = await FaultInjectingProvincialServer.StartAsync();
        var store = new InMemoryOutboxStore { FailNextRead = 2 };
        store.Add(new RecordFactory(17).Mixed(30));
        var options = UploadTestSupport.Options(endpoint.BaseAddress, o => o.MaxBatchAge = TimeSpan.FromMilliseconds(1));
        using var api = new ProvincialApiClient(options);
        var uploader = new ProvincialUploader(store, api, options);
        using var cts = new CancellationTokenSource();
        var run = uploader.RunAsync(cts.Token);
        await WaitUntilAsync(() => store.Count(InMemoryOutboxStore.State.Uploaded) == 30);
        cts.Cancel();
        await run;
        Assert.Contains("simulated disk error", uploader.Status.LastError);
    }

    [Fact]
    public async Task RegisterCheckpoints_ConfiguredCheckpoints_AppearAtTheProvince()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var options = UploadTestSupport.Options(server.BaseAddress, o =>
            {
                o.Checkpoints["cp-1"] = new CheckpointRegistrationOptions { Name = "Chợ Hôm", Unit = "Phường Phố Huế", District = "Hai Bà Trưng" };
                o.Checkpoints["cp-2"] = new CheckpointRegistrationOptions { Name = "Trường học", Unit = "Phường Phố Huế", District = "Hai Bà Trưng" };
            });
            using var api = new ProvincialApiClient(options);
            var uploader = new ProvincialUploader(new InMemoryOutboxStore(), api, options);

            var remaining = await uploader.RegisterCheckpointsAsync(CancellationToken.None);

            Assert.Equal(0, remaining);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var doc = JsonDocument.Parse(await http.GetStringAsync("v1/checkpoints"));
            var ids = doc.RootElement.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("checkpointId").GetString()).Order().ToList();
            Assert.Equal(["cp-1", "cp-2"], ids);
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task RefreshStats_OutboxOverLimit_RaisesAlarmAndComputesLag()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new InMemoryOutboxStore { Bytes = 600L * 1024 * 1024 };
        var record = new RecordFactory(18).CheckIn() with { TimestampMs = clock.GetUtcNow().AddSeconds(-90).ToUnixTimeMilliseconds() };
        store.Add([record]);
        var options = UploadTestSupport.Options(new Uri("http://127.0.0.1:9/"), o => o.MaxOutboxBytes = 512L * 1024 * 1024);
        using var api = new ProvincialApiClient(options);
        var uploader = new ProvincialUploader(store, api, options, time: clock);

        await uploader.RefreshStatsAsync(CancellationToken.None);
        Assert.True(uploader.Status.OutboxOverLimit);
        Assert.Equal(90, uploader.Status.LagSeconds, 3);
        Assert.Equal(1, uploader.Status.PendingRecords);

        store.Bytes = 1024;
        clock.Advance(TimeSpan.FromSeconds(10));
        await uploader.RefreshStatsAsync(CancellationToken.None);
        Assert.False(uploader.Status.OutboxOverLimit);
        Assert.Equal(100, uploader.Status.LagSeconds, 3);

        var registry = Prometheus.Metrics.NewCustomRegistry();
        UploaderMetrics.Register(registry, uploader);
        var scraped = ExpositionParser.Parse(await registry.RenderAsync());
        Assert.Equal(100, scraped.Value("gateway_upload_lag_seconds"), 3);
        Assert.Equal(0, scraped.Value("gateway_outbox_over_limit"));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not reached within 60 s");
            }
            await Task.Delay(20);
        }
    }
}
