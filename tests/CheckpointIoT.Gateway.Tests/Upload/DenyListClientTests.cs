using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Upload;

/// <summary>The deny-list puller against the real reference server.</summary>
public sealed class DenyListClientTests
{
    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    private static async Task OrderAsync(Uri server, string orderRef, params string[] hashes)
    {
        using var admin = new HttpClient { BaseAddress = server };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", UploadTestSupport.AdminToken);
        (await admin.PostAsJsonAsync("v1/admin/quarantine-orders", new { orderRef, idHashes = hashes })).EnsureSuccessStatusCode();
    }

    private static async Task LiftAsync(Uri server, string orderRef)
    {
        using var admin = new HttpClient { BaseAddress = server };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", UploadTestSupport.AdminToken);
        (await admin.DeleteAsync("v1/admin/quarantine-orders/" + orderRef)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task PullOnce_FirstThenIncremental_SinkFollowsTheProvince()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var options = UploadTestSupport.Options(server.BaseAddress, o => o.DenyListPageSize = 2);
            using var api = new ProvincialApiClient(options);
            var sink = new RecordingDenyListSink();
            var status = new UploaderStatus();
            var client = new DenyListClient(api, sink, options, status: status);
            string a = Hash("a"), b = Hash("b"), c = Hash("c");

            await OrderAsync(server.BaseAddress, "Q1", a, b);
            await client.PullOnceAsync(CancellationToken.None);
            Assert.Equal(new[] { a, b }.Order(), sink.Hashes.Order());
            Assert.Equal("reset", sink.Calls[0]); // the first pull is a full snapshot

            await OrderAsync(server.BaseAddress, "Q2", c);
            await LiftAsync(server.BaseAddress, "Q1");
            sink.Calls.Clear();
            var (added, removed) = await client.PullOnceAsync(CancellationToken.None);

            Assert.Equal([c], sink.Hashes);
            Assert.Equal(1, added);
            Assert.Equal(2, removed);
            Assert.DoesNotContain("reset", sink.Calls);
            Assert.Equal(2, sink.Calls.Count); // three changes, pages of two
            Assert.Equal(client.Cursor, sink.Cursor);
            Assert.Equal(2, status.DenyListPulls);
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task PullOnce_PersistedCursor_ResumesIncrementally()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var options = UploadTestSupport.Options(server.BaseAddress);
            using var api = new ProvincialApiClient(options);
            var set = new DenyListSet();
            await OrderAsync(server.BaseAddress, "Q1", Hash("a"));
            await new DenyListClient(api, set, options).PullOnceAsync(CancellationToken.None);

            // Restart: a new client starts from the persisted cursor and set.
            await OrderAsync(server.BaseAddress, "Q2", Hash("b"));
            var resumed = new DenyListSet(set.Snapshot(), set.Cursor);
            var sink = new RecordingDenyListSink();
            var (added, _) = await new DenyListClient(api, new TeeSink(resumed, sink), options, set.Cursor).PullOnceAsync(CancellationToken.None);

            Assert.Equal(1, added);
            Assert.DoesNotContain("reset", sink.Calls);
            Assert.True(resumed.Contains(Hash("a")) && resumed.Contains(Hash("b")));
            Assert.Equal(2, resumed.Count);
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task PullOnce_ProvinceDatabaseReplaced_FullSnapshotResetsTheSink()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var options = UploadTestSupport.Options(server.BaseAddress);
            using var api = new ProvincialApiClient(options);
            await OrderAsync(server.BaseAddress, "Q1", Hash("new"));
            var set = new DenyListSet([Hash("stale")], cursor: "9999");

            await new DenyListClient(api, set, options, set.Cursor).PullOnceAsync(CancellationToken.None);

            Assert.False(set.Contains(Hash("stale")));
            Assert.True(set.Contains(Hash("new")));
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task PullOnce_WrongToken_ThrowsUnauthorizedAndKeepsTheList()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var options = UploadTestSupport.Options(server.BaseAddress, o => o.Token = "wrong-token");
            using var api = new ProvincialApiClient(options);
            var set = new DenyListSet([Hash("kept")], "1");
            var ex = await Assert.ThrowsAsync<ProvincialApiException>(() => new DenyListClient(api, set, options, "1").PullOnceAsync(CancellationToken.None));
            Assert.Equal(UploadErrorKind.Unauthorized, ex.Error.Kind);
            Assert.True(set.Contains(Hash("kept")));
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task RunAsync_PullsPeriodicallyUntilCancelled()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var options = UploadTestSupport.Options(server.BaseAddress, o => o.DenyListInterval = TimeSpan.FromMilliseconds(50));
            using var api = new ProvincialApiClient(options);
            var set = new DenyListSet();
            var client = new DenyListClient(api, set, options);
            using var cts = new CancellationTokenSource();
            var run = client.RunAsync(cts.Token);
            await OrderAsync(server.BaseAddress, "Q1", Hash("x"));
            await ProvincialUploaderTests.WaitUntilAsync(() => set.Contains(Hash("x")));
            cts.Cancel();
            await run;
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task RunAsync_SinkThrows_KeepsRunningAndRecovers()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            var options = UploadTestSupport.Options(server.BaseAddress, o => o.DenyListInterval = TimeSpan.FromMilliseconds(50));
            using var api = new ProvincialApiClient(options);
            var sink = new FlakySink(failures: 2);
            var status = new UploaderStatus();
            var client = new DenyListClient(api, sink, options, status: status);
            await OrderAsync(server.BaseAddress, "Q1", Hash("y"));
            using var cts = new CancellationTokenSource();
            var run = client.RunAsync(cts.Token);
            await ProvincialUploaderTests.WaitUntilAsync(() => sink.Inner.Contains(Hash("y")));
            cts.Cancel();
            await run;
            Assert.Equal(2, status.DenyListFailures);
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    private sealed class FlakySink(int failures) : IDenyListSink
    {
        private int _failures = failures;

        public DenyListSet Inner { get; } = new();

        public void Apply(IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed, string cursor)
        {
            if (Interlocked.Decrement(ref _failures) >= 0)
            {
                throw new IOException("simulated store failure");
            }
            Inner.Apply(added, removed, cursor);
        }

        public void Reset() => Inner.Reset();
    }

    private sealed class TeeSink(IDenyListSink a, IDenyListSink b) : IDenyListSink
    {
        public void Apply(IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed, string cursor)
        {
            a.Apply(added, removed, cursor);
            b.Apply(added, removed, cursor);
        }

        public void Reset()
        {
            a.Reset();
            b.Reset();
        }
    }
}
