using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;
using CheckpointIoT.TestSupport;
using CheckpointIoT.ProvincialApi.Tests.Infrastructure;

namespace CheckpointIoT.ProvincialApi.Tests;

/// <summary>The server as the end-to-end tests run it: a separate process, `dotnet checkpoint-provincial-api.dll --urls --db`.</summary>
public sealed class ProcessTests
{
    private static string ServerDll => Path.Combine(AppContext.BaseDirectory, "checkpoint-provincial-api.dll");

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(ServerDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task Help_PrintsUsageAndExitsZero()
    {
        using var p = Start("--help");
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("--db", output);
        Assert.Contains("Provincial:Tokens", output);
    }

    [Fact]
    public async Task BadConfiguration_ExitsWithErrorNamingTheKey()
    {
        using var p = Start("--Provincial:MaxBatchRecords=0");
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("Provincial:MaxBatchRecords", error);
    }

    [Fact]
    public async Task SeparateProcess_UploadThenRestart_KeepsRecordsInTheDatabase()
    {
        var dir = Path.Combine(Path.GetTempPath(), "provincial-proc-" + Guid.NewGuid().ToString("N"));
        var db = Path.Combine(dir, "sub", "provincial.db");
        var port = Repo.FreePort();
        var url = $"http://127.0.0.1:{port}";
        try
        {
            using (var p = Start("--urls", url, "--db", db, "--Provincial:Tokens:gw-p=process-token-1"))
            {
                try
                {
                    using var http = await WaitUntilUpAsync(url);
                    http.DefaultRequestHeaders.Authorization = new("Bearer", "process-token-1");
                    (await http.PutAsJsonAsync("/v1/checkpoints/cp-1", new { name = "Gate", unit = "Ward 1", district = "D1" })).EnsureSuccessStatusCode();
                    var batch = new BatchJson("batch-0001");
                    for (var i = 0; i < 20; i++)
                    {
                        batch.CheckIn($"n1:{i}", "cp-1", DateTimeOffset.UtcNow.AddMinutes(-i));
                    }
                    Assert.Equal(HttpStatusCode.OK, (await BatchAnswer.PostAsync(http, batch.Gzip())).Status);
                }
                finally
                {
                    p.Kill(entireProcessTree: true);
                    await p.WaitForExitAsync();
                }
            }
            Assert.True(File.Exists(db));

            // Default dev token is not in force when tokens are configured; the data survived the restart.
            using (var p = Start("--urls", url, "--db", db, "--Provincial:Tokens:gw-p=process-token-1"))
            {
                try
                {
                    using var http = await WaitUntilUpAsync(url);
                    Assert.Contains("\"checkins\":20", await http.GetStringAsync("/v1/stats"));
                    http.DefaultRequestHeaders.Authorization = new("Bearer", "demo-token");
                    var response = await http.PostAsync("/v1/batches", new BatchJson("batch-0002").CheckIn("n1:99", "cp-1", DateTimeOffset.UtcNow).Gzip());
                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                }
                finally
                {
                    p.Kill(entireProcessTree: true);
                    await p.WaitForExitAsync();
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<HttpClient> WaitUntilUpAsync(string url)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return http;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("server did not start");
            }
            await Task.Delay(100);
        }
    }
}
