using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Upload;

/// <summary>The uploader against the reference server as a separate process that gets killed (SIGKILL) mid-drain.</summary>
public sealed class UploaderProcessTests
{
    private static Process StartServer(int port, string db)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "checkpoint-provincial-api.dll"), "--urls", $"http://127.0.0.1:{port}", "--db", db,
                     $"--Provincial:Tokens:{UploadTestSupport.GatewayId}={UploadTestSupport.Token}",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task RunAsync_ServerKilledAndRestartedMidDrain_EveryRecordStoredExactlyOnce()
    {
        var dir = Path.Combine(Path.GetTempPath(), "upload-proc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "provincial.db");
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var server = StartServer(port, db);
        try
        {
            var store = new InMemoryOutboxStore();
            store.Add(new RecordFactory(41).Mixed(20_000));
            var options = UploadTestSupport.Options(baseUrl, o =>
            {
                o.BreakerOpenDuration = TimeSpan.FromMilliseconds(500); // Polly's minimum break
                o.ConnectTimeout = TimeSpan.FromSeconds(2);
                // The uploader registers its checkpoint itself, retrying until the province process is up.
                o.Checkpoints[UploadTestSupport.CheckpointId] = new CheckpointRegistrationOptions { Name = "Gate", Unit = "Ward", District = "District" };
            });
            using var api = new ProvincialApiClient(options);
            var uploader = new ProvincialUploader(store, api, options);
            using var cts = new CancellationTokenSource();
            var run = uploader.RunAsync(cts.Token);

            await ProvincialUploaderTests.WaitUntilAsync(() => store.Count(InMemoryOutboxStore.State.Uploaded) >= 4_000);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            var uploadedAtKill = store.Count(InMemoryOutboxStore.State.Uploaded);
            await ProvincialUploaderTests.WaitUntilAsync(() => uploader.Status.BatchFailures >= 2); // it noticed
            server.Dispose();
            server = StartServer(port, db);

            await ProvincialUploaderTests.WaitUntilAsync(() => store.Count(InMemoryOutboxStore.State.Pending) == 0);
            cts.Cancel();
            await run;

            Assert.True(uploadedAtKill < 20_000);
            Assert.Equal(20_000, store.Count(InMemoryOutboxStore.State.Uploaded));
            Assert.Empty(store.MarkedUploadedTwice());
            var stats = await UploadTestSupport.StatsAsync(baseUrl);
            Assert.Equal(20_000, stats.GetProperty("checkins").GetInt64() + stats.GetProperty("presence").GetInt64());
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            server.Dispose();
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
