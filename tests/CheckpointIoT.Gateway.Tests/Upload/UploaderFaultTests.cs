using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Upload;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using static CheckpointIoT.Gateway.Tests.Fakes.FaultInjectingProvincialServer;

namespace CheckpointIoT.Gateway.Tests.Upload;

/// <summary>The uploader against a fault-injecting endpoint (optionally in front of the real reference server).</summary>
public sealed class UploaderFaultTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private ProvincialUploader Uploader(IOutboxStore store, Uri baseUrl, out ProvincialApiClient api, Action<UploaderOptions>? configure = null, int seed = 1)
    {
        var options = UploadTestSupport.Options(baseUrl, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromSeconds(1);
            o.RetryMaxDelay = TimeSpan.FromMinutes(5);
            o.MaxRetryAfter = TimeSpan.FromMinutes(15);
            configure?.Invoke(o);
        });
        api = new ProvincialApiClient(options, time: _clock);
        return new ProvincialUploader(store, api, options, time: _clock, random: UploadBackoff.Seeded(seed));
    }

    [Theory]
    [InlineData(503, UploadErrorKind.Unavailable)]
    [InlineData(429, UploadErrorKind.Throttled)]
    public async Task UploadOnce_RetryAfterAnswer_KeepsRecordsAndDelayHonoursRetryAfter(int status, UploadErrorKind kind)
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(status, retryAfterSeconds: 42));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(21).Mixed(40));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            var failed = await uploader.UploadOnceAsync(CancellationToken.None);

            Assert.Equal(UploadOutcome.Failed, failed.Outcome);
            Assert.Equal(kind, failed.Error!.Kind);
            Assert.Equal(TimeSpan.FromSeconds(42), failed.Error.RetryAfter);
            Assert.InRange(failed.RetryDelay, TimeSpan.FromSeconds(42), TimeSpan.FromSeconds(42 * 1.1));
            Assert.Equal(40, store.Count(InMemoryOutboxStore.State.Pending));

            var retried = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.Uploaded, retried.Outcome);
            Assert.Equal(endpoint.BatchIds[0], endpoint.BatchIds[1]); // the very same batch
            Assert.Equal(40, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.All(endpoint.Stored.Values, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public async Task RunAsync_RetryAfter_PollyWaitsOnTheInjectedClockThenResendsTheSameBatch()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(503, retryAfterSeconds: 42));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(51).Mixed(40));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api, o => o.MaxBatchRecords = 40);
        using (api)
        {
            var real = System.Diagnostics.Stopwatch.StartNew();
            using var cts = new CancellationTokenSource();
            var run = uploader.RunAsync(cts.Token);
            await ProvincialUploaderTests.WaitUntilAsync(() => uploader.State == UploaderState.BackingOff);

            _clock.Advance(TimeSpan.FromSeconds(41.9));
            await Task.Delay(300);
            Assert.Equal(1, endpoint.Requests); // not before the server's Retry-After
            _clock.Advance(TimeSpan.FromSeconds(5)); // past Retry-After + its 10 % spread
            await ProvincialUploaderTests.WaitUntilAsync(() => store.Count(InMemoryOutboxStore.State.Uploaded) == 40);
            cts.Cancel();
            await run;

            Assert.True(real.Elapsed < TimeSpan.FromSeconds(20), "the retry waited on the system clock, not the injected one");
            Assert.Equal(2, endpoint.Requests);
            Assert.Equal(endpoint.BatchIds[0], endpoint.BatchIds[1]);
            Assert.Equal(UploaderState.Stopped, uploader.State);
            Assert.Equal(1, uploader.Status.BatchFailures);
        }
    }

    [Fact]
    public async Task RunAsync_ServerErrorsOpenTheBreaker_NothingSentDuringTheBreakThenOneProbeDrains()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(500), Status(502), Status(500));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(52).Mixed(30));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api, o => o.MaxBatchRecords = 30);
        using (api)
        {
            using var cts = new CancellationTokenSource();
            var run = uploader.RunAsync(cts.Token);
            for (var i = 0; i < 200 && uploader.State != UploaderState.CircuitOpen; i++)
            {
                await StepAsync(TimeSpan.FromMilliseconds(500)); // the retry delays, on the injected clock
            }
            Assert.Equal(UploaderState.CircuitOpen, uploader.State);
            Assert.Equal(3, endpoint.Requests);

            for (var i = 0; i < 40; i++)
            {
                await StepAsync(TimeSpan.FromMilliseconds(500)); // 20 s of the 30 s break
            }
            Assert.Equal(3, endpoint.Requests); // nothing sent while open
            Assert.Equal(UploaderState.CircuitOpen, uploader.State);

            for (var i = 0; i < 200 && store.Count(InMemoryOutboxStore.State.Uploaded) < 30; i++)
            {
                await StepAsync(TimeSpan.FromMilliseconds(500));
            }
            cts.Cancel();
            await run;

            Assert.Equal(30, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Equal(4, endpoint.Requests); // one probe, then closed
            Assert.Single(endpoint.BatchIds.Distinct());
            Assert.Equal(1, uploader.Status.BreakerOpenCount);
            Assert.Equal(CircuitState.Closed, uploader.BreakerState);
        }
    }

    private async Task StepAsync(TimeSpan by)
    {
        _clock.Advance(by);
        await Task.Delay(15);
    }

    [Fact]
    public async Task UploadOnce_NewRecordsArriveBetweenRetries_RetrySendsTheSameBatch()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(503, 1));
        var store = new InMemoryOutboxStore();
        var factory = new RecordFactory(33);
        store.Add(factory.Mixed(40));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            await uploader.UploadOnceAsync(CancellationToken.None);
            store.Add(factory.Mixed(100));
            var retried = await uploader.UploadOnceAsync(CancellationToken.None);
            var next = await uploader.UploadOnceAsync(CancellationToken.None);

            Assert.Equal(40, retried.Records);
            Assert.Equal(endpoint.BatchIds[0], endpoint.BatchIds[1]);
            Assert.Equal(100, next.Records);
            Assert.Equal(140, store.Count(InMemoryOutboxStore.State.Uploaded));
        }
    }

    [Fact]
    public async Task UploadOnce_RetryAfterAsHttpDate_IsHonoured()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(StatusUntil(503, _clock.GetUtcNow().AddMinutes(2)));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(22).Mixed(5));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            var failed = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.InRange(failed.Error!.RetryAfter!.Value, TimeSpan.FromSeconds(118), TimeSpan.FromSeconds(120));
            Assert.True(failed.RetryDelay >= failed.Error.RetryAfter.Value);
        }
    }

    [Fact]
    public async Task UploadOnce_RepeatedServerErrors_BreakerOpensStopsCallingThenRecovers()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(500), Status(502), Status(500));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(23).Mixed(60));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(UploadOutcome.Failed, (await uploader.UploadOnceAsync(CancellationToken.None)).Outcome);
            }
            Assert.Equal(CircuitState.Open, uploader.BreakerState);
            Assert.Equal(CircuitState.Open, uploader.Status.BreakerState);
            Assert.Equal(UploaderState.CircuitOpen, uploader.State);

            var blocked = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.BreakerOpen, blocked.Outcome);
            Assert.Equal(TimeSpan.FromSeconds(30), blocked.RetryDelay);
            Assert.Equal(3, endpoint.Requests); // nothing sent while open

            _clock.Advance(TimeSpan.FromSeconds(30));
            var probe = await uploader.UploadOnceAsync(CancellationToken.None);

            Assert.Equal(UploadOutcome.Uploaded, probe.Outcome);
            Assert.Equal(CircuitState.Closed, uploader.BreakerState);
            Assert.Equal(UploaderState.Idle, uploader.State);
            Assert.Equal(60, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Single(endpoint.BatchIds.Distinct());
            Assert.Equal(3, uploader.Status.BatchFailures);
        }
    }

    [Fact]
    public async Task UploadOnce_HalfOpenProbeFails_BreakerReopens()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(500), Status(500), Status(500), Status(503, 1));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(24).Mixed(10));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            for (var i = 0; i < 3; i++)
            {
                await uploader.UploadOnceAsync(CancellationToken.None);
            }
            _clock.Advance(TimeSpan.FromSeconds(31));
            var probe = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.Failed, probe.Outcome);
            Assert.Equal(CircuitState.Open, uploader.BreakerState);
            Assert.Equal(2, uploader.Status.BreakerOpenCount);
            var blocked = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.BreakerOpen, blocked.Outcome);
            Assert.Equal(TimeSpan.FromSeconds(30), blocked.RetryDelay); // a full break again
            Assert.Equal(10, store.Count(InMemoryOutboxStore.State.Pending));
        }
    }

    [Fact]
    public async Task UploadOnce_ServerStalls_TimesOutThenRetriesSameBatch()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(StallFor(TimeSpan.FromSeconds(20)));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(25).Mixed(25));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api, o => o.RequestTimeout = TimeSpan.FromSeconds(2));
        using (api)
        {
            var timedOut = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.Failed, timedOut.Outcome);
            Assert.Equal(UploadErrorKind.Timeout, timedOut.Error!.Kind);
            Assert.Equal(25, store.Count(InMemoryOutboxStore.State.Pending));

            var ok = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.Uploaded, ok.Outcome);
            Assert.Equal(endpoint.BatchIds[0], endpoint.BatchIds[1]);
        }
    }

    [Fact]
    public async Task UploadOnce_NobodyListening_IsANetworkErrorAndRecordsStay()
    {
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(26).Mixed(5));
        var uploader = Uploader(store, new Uri("http://127.0.0.1:1/"), out var api);
        using (api)
        {
            var r = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.Failed, r.Outcome);
            Assert.Equal(UploadErrorKind.Network, r.Error!.Kind);
            Assert.Equal(5, store.Count(InMemoryOutboxStore.State.Pending));
        }
    }

    [Fact]
    public async Task UploadOnce_PartialAnswer_RejectedKeptWithReasonOthersUploaded()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Partial(0, 3));
        var store = new InMemoryOutboxStore();
        var factory = new RecordFactory(27);
        var records = Enumerable.Range(0, 8).Select(_ => factory.CheckIn()).ToList();
        store.Add(records);
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            var r = await uploader.UploadOnceAsync(CancellationToken.None);
            var after = await uploader.UploadOnceAsync(CancellationToken.None);

            Assert.Equal(UploadOutcome.Partial, r.Outcome);
            Assert.Equal(2, r.Rejected);
            Assert.Equal("injected_refusal: refused by the test", store.ReasonOf(records[0].OutboxId));
            Assert.Equal(InMemoryOutboxStore.State.Rejected, store.StateOf(records[3].OutboxId));
            Assert.Equal(6, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Equal(UploadOutcome.Empty, after.Outcome);
            Assert.Equal(1, endpoint.Requests);
        }
    }

    [Fact]
    public async Task UploadOnce_PayloadTooLarge_HalvesTheBatchAndLosesNothing()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(413), Status(413));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(28).Mixed(400));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api, o => o.MaxBatchRecords = 400);
        using (api)
        {
            Assert.Equal(UploadOutcome.Split, (await uploader.UploadOnceAsync(CancellationToken.None)).Outcome);
            Assert.Equal(UploadOutcome.Split, (await uploader.UploadOnceAsync(CancellationToken.None)).Outcome);
            Assert.Equal(100, uploader.Status.BatchLimit);
            while ((await uploader.UploadOnceAsync(CancellationToken.None)).Outcome != UploadOutcome.Empty)
            {
            }
            Assert.Equal(400, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Equal(400, endpoint.Stored.Count);
        }
    }

    [Fact]
    public async Task UploadOnce_BadRequest_RecordsRejectedWithReasonNotRetried()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(400));
        var store = new InMemoryOutboxStore();
        var records = new RecordFactory(29).Mixed(7);
        store.Add(records);
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            var r = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.Rejected, r.Outcome);
            Assert.All(records, rec => Assert.StartsWith("http_400:", store.ReasonOf(rec.OutboxId)));
            Assert.Equal(UploadOutcome.Empty, (await uploader.UploadOnceAsync(CancellationToken.None)).Outcome);
            Assert.Equal(CircuitState.Closed, uploader.BreakerState);
        }
    }

    [Fact]
    public async Task UploadOnce_Unauthorized_RecordsStayPendingAndRetrySlowly()
    {
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(401));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(30).Mixed(7));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            var r = await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(UploadOutcome.Failed, r.Outcome);
            Assert.Equal(UploadErrorKind.Unauthorized, r.Error!.Kind);
            Assert.True(r.RetryDelay >= TimeSpan.FromMinutes(2.5));
            Assert.Equal(7, store.Count(InMemoryOutboxStore.State.Pending));
            Assert.DoesNotContain(UploadTestSupport.Token, uploader.Status.LastError);
        }
    }

    [Fact]
    public async Task UploadOnce_RequestBody_IsGzipCompressed()
    {
        await using var endpoint = await StartAsync();
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(31).Mixed(300));
        var uploader = Uploader(store, endpoint.BaseAddress, out var api);
        using (api)
        {
            await uploader.UploadOnceAsync(CancellationToken.None);
            Assert.Equal(["gzip"], endpoint.ContentEncodings);
            Assert.True(uploader.Status.BytesSent < 300 * 64);
        }
    }

    [Fact]
    public async Task UploadOnce_AnswerLostAfterServerStored_RetryGets409AndNothingIsDuplicated()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            await using var endpoint = await StartAsync(server.BaseAddress);
            endpoint.Enqueue(ForwardThenStatus(502), ForwardThenStall(TimeSpan.FromSeconds(20)));
            var store = new InMemoryOutboxStore();
            store.Add(new RecordFactory(32).Mixed(450));
            var uploader = Uploader(store, endpoint.BaseAddress, out var api, o => o.RequestTimeout = TimeSpan.FromMilliseconds(500));
            using (api)
            {
                Assert.Equal(UploadOutcome.Failed, (await uploader.UploadOnceAsync(CancellationToken.None)).Outcome);
                Assert.Equal(UploadOutcome.Failed, (await uploader.UploadOnceAsync(CancellationToken.None)).Outcome);
                var third = await uploader.UploadOnceAsync(CancellationToken.None);

                Assert.Equal(UploadOutcome.Duplicate, third.Outcome);
                Assert.Equal(450, store.Count(InMemoryOutboxStore.State.Uploaded));
                var stats = await UploadTestSupport.StatsAsync(server.BaseAddress);
                Assert.Equal(450, stats.GetProperty("checkins").GetInt64() + stats.GetProperty("presence").GetInt64());
                Assert.Equal(1, stats.GetProperty("batches").GetInt64());
                Assert.Equal(2, stats.GetProperty("duplicateBatches").GetInt64());
            }
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    [InlineData(303)]
    public async Task UploadOnce_RandomFaultsInFrontOfRealServer_NothingLostNothingDuplicatedRejectedKept(int seed)
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            await using var endpoint = await StartAsync(server.BaseAddress);
            var random = new Random(seed);
            var factory = new RecordFactory(seed);
            var records = new List<OutboxRecord>();
            for (var i = 0; i < 3000; i++)
            {
                records.Add(random.Next(100) == 0 ? factory.CheckIn(maskedId: "123456789012") : i % 3 == 0 ? factory.Presence() : factory.CheckIn());
            }
            var store = new InMemoryOutboxStore();
            store.Add(records);
            for (var i = 0; i < 40; i++)
            {
                endpoint.Enqueue(random.Next(7) switch
                {
                    0 => Status(500),
                    1 => Status(503, random.Next(1, 60)),
                    2 => Status(429, random.Next(1, 60)),
                    3 => ForwardThenStatus(504),
                    4 => ForwardThenStall(TimeSpan.FromSeconds(10)),
                    5 => Status(413),
                    _ => StallFor(TimeSpan.FromSeconds(10)),
                });
            }
            var uploader = Uploader(store, endpoint.BaseAddress, out var api, o =>
            {
                o.RequestTimeout = TimeSpan.FromMilliseconds(300);
                o.MaxBatchRecords = 250;
            }, seed);
            using (api)
            {
                for (var step = 0; step < 5000; step++)
                {
                    var r = await uploader.UploadOnceAsync(CancellationToken.None);
                    if (r.Outcome == UploadOutcome.Empty)
                    {
                        break;
                    }
                    if (r.Outcome is UploadOutcome.Failed or UploadOutcome.BreakerOpen)
                    {
                        if (r.Error?.RetryAfter is { } ra)
                        {
                            Assert.True(r.RetryDelay >= ra);
                        }
                        _clock.Advance(r.RetryDelay + TimeSpan.FromMilliseconds(1));
                    }
                }

                Assert.Equal(0, store.Count(InMemoryOutboxStore.State.Pending));
                Assert.Empty(store.MarkedUploadedTwice());
                var unmasked = records.Where(r => r.MaskedId == "123456789012").ToList();
                Assert.NotEmpty(unmasked);
                Assert.All(unmasked, r => Assert.StartsWith("unmasked_id", store.ReasonOf(r.OutboxId)));
                Assert.Equal(unmasked.Count, store.Count(InMemoryOutboxStore.State.Rejected));
                var stats = await UploadTestSupport.StatsAsync(server.BaseAddress);
                Assert.Equal(records.Count(r => r.Kind == OutboxRecordKind.CheckIn) - unmasked.Count, stats.GetProperty("checkins").GetInt64());
                Assert.Equal(records.Count(r => r.Kind == OutboxRecordKind.Presence), stats.GetProperty("presence").GetInt64());
                Assert.Equal(3000 - unmasked.Count, store.Count(InMemoryOutboxStore.State.Uploaded));
            }
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }
}
