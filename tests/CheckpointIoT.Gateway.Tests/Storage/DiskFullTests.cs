using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace CheckpointIoT.Gateway.Tests.Storage;

/// <summary>
/// The gateway's data on a small real tmpfs (mounted by the test; needs root): a filler file takes the last free
/// byte, so SQLite answers SQLITE_FULL. /health must say so, the nodes must get no verdict (they keep and resend),
/// and once space returns every check-in is stored exactly once. Where mount is not allowed the test says so and
/// returns (xunit 2 has no runtime skip).
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ingest_DiskFullThenFreed_HealthDegradedNoVerdictsThenEveryCheckinStoredOnce()
    {
        string mount = Path.Combine(Path.GetTempPath(), "cp-diskfull-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(mount);
        if (!Run("mount", $"-t tmpfs -o size=8m,mode=0700 tmpfs {mount}", out string why))
        {
            Directory.Delete(mount);
            output.WriteLine("SKIPPED: cannot mount a tmpfs here (needs root): " + why);
            return;
        }

        try
        {
            await using var gw = await GatewayHarness.StartAsync(Path.Combine(mount, "gw"));
            var enrolled = await gw.EnrolAsync("n-full1", "cp-full", "in");
            await using var node = await gw.ConnectNodeAsync(enrolled);
            await node.PublishQrAsync(1, Samples.Cccd("001099000001"));
            await node.WaitVerdictAsync(1);

            string filler = Path.Combine(mount, "filler");
            long filled = Fill(filler);
            output.WriteLine($"filler {filled / 1024} KiB");

            // Send until the store reports the failure: pages SQLite already owns may take a few records first.
            uint sequence = 1;
            JsonElement health = default;
            HttpStatusCode code = HttpStatusCode.OK;
            for (var i = 0; i < 200 && code == HttpStatusCode.OK; i++)
            {
                sequence++;
                await node.PublishQrAsync(sequence, Samples.Cccd("001099" + sequence.ToString("D6")));
                await Task.Delay(100);
                (code, health) = await HealthAsync(gw);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
            Assert.Equal("degraded", health.GetProperty("store").GetString());
            Assert.Equal("disk full (SQLITE_FULL)", health.GetProperty("storeReason").GetString());
            uint last = sequence;
            await Task.Delay(500);
            Assert.False(node.TryGetVerdict(last, out _), "a check-in the store refused got a verdict");
            var unanswered = Enumerable.Range(2, (int)last - 1).Select(s => (uint)s).Where(s => !node.TryGetVerdict(s, out _)).ToList();
            Assert.NotEmpty(unanswered);
            output.WriteLine($"{unanswered.Count} of {last - 1} check-ins unanswered while full");

            File.Delete(filler);
            // What a node's queue does: resend everything unanswered until it has a verdict.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (unanswered.Any(s => !node.TryGetVerdict(s, out _)) && DateTime.UtcNow < deadline)
            {
                foreach (var s in unanswered.Where(s => !node.TryGetVerdict(s, out _)))
                {
                    await node.PublishQrAsync(s, Samples.Cccd("001099" + s.ToString("D6")));
                }

                await Task.Delay(300);
            }

            Assert.All(unanswered, s => Assert.True(node.TryGetVerdict(s, out _), $"check-in {s} never answered after space returned"));
            (code, health) = await HealthAsync(gw);
            Assert.Equal(HttpStatusCode.OK, code);
            Assert.Equal("ok", health.GetProperty("store").GetString());
            Assert.Equal((long)last, gw.Store.Count("checkins"));
        }
        finally
        {
            Run("umount", "-l " + mount, out _);
            Directory.Delete(mount, recursive: true);
        }
    }

    private static async Task<(HttpStatusCode, JsonElement)> HealthAsync(GatewayHarness gw)
    {
        using var response = await gw.Http.GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Writes zeros until the filesystem refuses; returns the bytes written.</summary>
    private static long Fill(string path)
    {
        var chunk = new byte[4096];
        long written = 0;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            while (true)
            {
                stream.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            return written;
        }
    }

    private static bool Run(string file, string args, out string error)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
            error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            error = ex.Message;
            return false;
        }
    }
}
