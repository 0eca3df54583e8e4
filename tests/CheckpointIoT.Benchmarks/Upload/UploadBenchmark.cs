using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CheckpointIoT.Gateway.Upload;
using CheckpointIoT.ProvincialApi.Hosting;

namespace CheckpointIoT.Benchmarks.Upload;

/// <summary>
/// Verb "upload": starts the reference provincial server in-process on loopback (real Kestrel, temp SQLite file),
/// fills an in-memory outbox with a realistic backlog (default 1,000,000 records, fixed seed), runs the real
/// <see cref="ProvincialUploader"/> with default options until the outbox is empty, checks the server stored every
/// record exactly once, and prints backlog_1m_drain_s, upload_records_per_s and upload_wire_bytes_per_record
/// (request body bytes after gzip, counted by a handler under the uploader's HttpClient, divided by records).
/// </summary>
public static class UploadBenchmark
{
    private const string GatewayId = "bench-gw";
    private const string Token = "bench-token-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var records = 1_000_000;
        var seed = 20211122;
        int? batch = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--records" when i + 1 < args.Length:
                    records = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--batch" when i + 1 < args.Length:
                    batch = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "-h" or "--help":
                    Console.WriteLine("upload [--records N (1000000)] [--seed S] [--batch MaxBatchRecords (uploader default)]");
                    return 0;
                default:
                    Console.Error.WriteLine($"upload: unknown option '{args[i]}'");
                    return 2;
            }
        }

        Console.WriteLine($"upload: generating {records:N0} outbox records (seed {seed})...");
        var genWatch = Stopwatch.StartNew();
        var backlog = BacklogGenerator.Generate(records, seed);
        var checkIns = backlog.Count(r => r.Kind == OutboxRecordKind.CheckIn);
        Console.WriteLine($"upload: {checkIns:N0} check-ins + {records - checkIns:N0} presence records in {genWatch.Elapsed.TotalSeconds:0.0} s");

        var dir = Path.Combine(Path.GetTempPath(), "checkpoint-bench-upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var serverOptions = new ProvincialServerOptions
            {
                Urls = "http://127.0.0.1:0",
                DbPath = Path.Combine(dir, "provincial.db"),
                Tokens = { [GatewayId] = Token },
                AdminToken = "bench-admin-token",
            };
            await using var server = await ProvincialServerHost.StartAsync(serverOptions);
            Console.WriteLine($"upload: reference server on {server.BaseAddress} (db {serverOptions.DbPath})");

            var options = new UploaderOptions { BaseUrl = server.BaseAddress.ToString(), GatewayId = GatewayId, Token = Token };
            foreach (var cp in BacklogGenerator.Checkpoints)
                options.Checkpoints[cp] = new CheckpointRegistrationOptions { Name = cp, Unit = "Bench unit", District = "Hai Ba Trung" };
            if (batch is { } b)
            {
                options.MaxBatchRecords = b;
            }
            options.Validate();
            var store = new BenchOutboxStore(backlog, bytesPerRecord: 200);
            using var counting = new CountingHandler(new SocketsHttpHandler());
            using var api = new ProvincialApiClient(options, counting);
            var uploader = new ProvincialUploader(store, api, options);
            Console.WriteLine($"upload: draining with MaxBatchRecords={options.MaxBatchRecords}, gzip {options.Compression}");

            using var cts = new CancellationTokenSource();
            var watch = Stopwatch.StartNew();
            var run = uploader.RunAsync(cts.Token);
            var lastProgress = 0L;
            var lastChange = watch.Elapsed;
            while (store.PendingCount > 0)
            {
                await Task.WhenAny(run, Task.Delay(1000));
                if (run.IsCompleted)
                {
                    break;
                }
                var done = store.UploadedCount + store.RejectedCount;
                var secs = watch.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"upload: {secs,5:0.0} s  {done,9:N0}/{records:N0}  {done / secs,8:N0} records/s  {(done == 0 ? 0 : counting.BodyBytes / (double)done),5:0.0} B/record  breaker {uploader.BreakerState}"));
                if (done != lastProgress)
                {
                    lastProgress = done;
                    lastChange = watch.Elapsed;
                }
                else if (watch.Elapsed - lastChange > TimeSpan.FromSeconds(60))
                {
                    Console.Error.WriteLine($"upload: no progress for 60 s (last error: {uploader.Status.LastError}); aborting");
                    cts.Cancel();
                    await run;
                    return 1;
                }
            }
            watch.Stop();
            cts.Cancel();
            await run;

            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var stats = JsonDocument.Parse(await http.GetStringAsync("v1/stats"));
            var storedCheckIns = stats.RootElement.GetProperty("checkins").GetInt64();
            var storedPresence = stats.RootElement.GetProperty("presence").GetInt64();
            Console.WriteLine($"upload: server stored {storedCheckIns:N0} check-ins + {storedPresence:N0} presence; outbox rejected {store.RejectedCount:N0}; {counting.Requests:N0} requests, {counting.BodyBytes:N0} body bytes");
            if (storedCheckIns + storedPresence + store.RejectedCount != records || storedCheckIns + storedPresence != store.UploadedCount)
            {
                Console.Error.WriteLine("upload: MISMATCH between the outbox and the server's totals");
                return 1;
            }

            var seconds = watch.Elapsed.TotalSeconds;
            var scale = 1_000_000.0 / records;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT backlog_1m_drain_s={seconds * scale:0.00} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT upload_records_per_s={records / seconds:0} records/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT upload_wire_bytes_per_record={counting.BodyBytes / (double)records:0.0} bytes"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
