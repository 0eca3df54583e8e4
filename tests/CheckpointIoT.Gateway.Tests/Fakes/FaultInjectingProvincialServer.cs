using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Tests.Fakes;

/// <summary>
/// A provincial endpoint on real Kestrel (127.0.0.1, free port) that answers POST /v1/batches from a script:
/// 5xx/429/503 with Retry-After, stalls, 207 partial answers, 413/400/401, or forwards to an upstream (the real
/// reference server) and then loses the answer. With the script empty it accepts (storing record ids itself) or,
/// when an upstream is set, forwards. Everything it saw is recorded for assertions.
/// </summary>
public sealed class FaultInjectingProvincialServer : IAsyncDisposable
{
    public enum Kind
    {
        Status,
        Stall,
        Partial,
        ForwardThenStatus,
        ForwardThenStall,
    }

    public sealed record Fault(Kind What, int StatusCode = 0, int? RetryAfterSeconds = null, TimeSpan Stall = default, int[]? RejectCheckIns = null,
        DateTimeOffset? RetryAfterDate = null);

    public static Fault Status(int code, int? retryAfterSeconds = null) => new(Kind.Status, code, retryAfterSeconds);

    /// <summary>A status with Retry-After as an HTTP date.</summary>
    public static Fault StatusUntil(int code, DateTimeOffset retryAt) => new(Kind.Status, code, RetryAfterDate: retryAt);

    public static Fault StallFor(TimeSpan t) => new(Kind.Stall, Stall: t);

    public static Fault Partial(params int[] rejectCheckInIndexes) => new(Kind.Partial, RejectCheckIns: rejectCheckInIndexes);

    /// <summary>The upstream stores the batch, but the client gets this status instead of the answer.</summary>
    public static Fault ForwardThenStatus(int code) => new(Kind.ForwardThenStatus, code);

    /// <summary>The upstream stores the batch, but the client gets no answer in time.</summary>
    public static Fault ForwardThenStall(TimeSpan t) => new(Kind.ForwardThenStall, Stall: t);

    private readonly WebApplication _app;
    private readonly HttpClient? _upstream;
    private readonly ConcurrentQueue<Fault> _script = new();
    private readonly ConcurrentDictionary<string, int> _stored = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _batchIds = new();
    private readonly ConcurrentQueue<string> _encodings = new();
    private int _requests;

    private FaultInjectingProvincialServer(WebApplication app, Uri baseAddress, HttpClient? upstream)
    {
        _app = app;
        BaseAddress = baseAddress;
        _upstream = upstream;
    }

    public Uri BaseAddress { get; }

    /// <summary>POST /v1/batches requests received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<string> BatchIds => _batchIds.ToList();

    public IReadOnlyList<string> ContentEncodings => _encodings.ToList();

    /// <summary>Record ids this endpoint stored itself (no upstream), with how often each was received for storing.</summary>
    public IReadOnlyDictionary<string, int> Stored => _stored;

    public int ScriptLeft => _script.Count;

    public void Enqueue(params Fault[] faults)
    {
        foreach (var f in faults)
        {
            _script.Enqueue(f);
        }
    }

    public static async Task<FaultInjectingProvincialServer> StartAsync(Uri? upstream = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        FaultInjectingProvincialServer? self = null;
        app.MapPost("/v1/batches", (HttpContext http) => self!.HandleBatchAsync(http));
        app.Map("/{**rest}", (HttpContext http) => self!.ForwardOtherAsync(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = upstream is null ? null : new HttpClient { BaseAddress = upstream };
        self = new FaultInjectingProvincialServer(app, new Uri(address + "/"), client);
        return self;
    }

    private async Task HandleBatchAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var raw = buffer.ToArray();
        var encoding = http.Request.Headers.ContentEncoding.ToString();
        _encodings.Enqueue(encoding);
        var json = encoding == "gzip" ? Gunzip(raw) : raw;
        using var doc = JsonDocument.Parse(json);
        var batchId = doc.RootElement.GetProperty("batchId").GetString()!;
        _batchIds.Enqueue(batchId);
        var checkIns = Ids(doc.RootElement, "checkins");
        var presence = Ids(doc.RootElement, "presence");

        if (!_script.TryDequeue(out var fault))
        {
            if (_upstream is not null)
            {
                await ForwardAsync(http, raw, relay: true);
            }
            else
            {
                await AcceptAsync(http, batchId, checkIns, presence, []);
            }
            return;
        }
        switch (fault.What)
        {
            case Kind.Status:
                if (fault.RetryAfterSeconds is { } ra)
                {
                    http.Response.Headers.RetryAfter = ra.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (fault.RetryAfterDate is { } date)
                {
                    http.Response.Headers.RetryAfter = date.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
                }
                http.Response.StatusCode = fault.StatusCode;
                await http.Response.WriteAsync("{\"error\":\"injected\"}");
                return;
            case Kind.Stall:
                await Task.Delay(fault.Stall, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                if (!http.RequestAborted.IsCancellationRequested)
                {
                    await AcceptAsync(http, batchId, checkIns, presence, []);
                }
                return;
            case Kind.Partial:
                await AcceptAsync(http, batchId, checkIns, presence, fault.RejectCheckIns ?? []);
                return;
            case Kind.ForwardThenStatus:
                await ForwardAsync(http, raw, relay: false);
                http.Response.StatusCode = fault.StatusCode;
                return;
            case Kind.ForwardThenStall:
                await ForwardAsync(http, raw, relay: false);
                await Task.Delay(fault.Stall, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
        }
    }

    private async Task AcceptAsync(HttpContext http, string batchId, List<string> checkIns, List<string> presence, int[] rejectCheckIns)
    {
        var rejected = rejectCheckIns.Select(i => new { id = checkIns[i], section = "checkins", index = i, code = "injected_refusal", reason = "refused by the test" }).ToList();
        int accepted = 0, duplicates = 0;
        foreach (var (id, i) in checkIns.Select((id, i) => (id, i)).Where(x => !rejectCheckIns.Contains(x.i)).Concat(presence.Select((id, i) => (id, -1))))
        {
            var n = _stored.AddOrUpdate(id, 1, (_, c) => c + 1);
            if (n == 1)
            {
                accepted++;
            }
            else
            {
                duplicates++;
            }
        }
        http.Response.StatusCode = rejected.Count > 0 ? 207 : 200;
        await http.Response.WriteAsJsonAsync(new
        {
            batchId,
            status = rejected.Count > 0 ? "partial" : "accepted",
            received = checkIns.Count + presence.Count,
            accepted,
            duplicates,
            rejected,
        });
    }

    private async Task ForwardAsync(HttpContext http, byte[] raw, bool relay)
    {
        if (_upstream is null)
        {
            throw new InvalidOperationException("no upstream configured");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/batches") { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (http.Request.Headers.ContentEncoding.Count > 0)
        {
            request.Content.Headers.ContentEncoding.Add(http.Request.Headers.ContentEncoding.ToString());
        }
        request.Headers.TryAddWithoutValidation("Authorization", http.Request.Headers.Authorization.ToString());
        using var response = await _upstream.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (relay)
        {
            await RelayAsync(http, response, body);
        }
    }

    private async Task ForwardOtherAsync(HttpContext http)
    {
        if (_upstream is null)
        {
            http.Response.StatusCode = 404;
            return;
        }
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), http.Request.Path.Value!.TrimStart('/') + http.Request.QueryString);
        if (buffer.Length > 0)
        {
            request.Content = new ByteArrayContent(buffer.ToArray());
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        request.Headers.TryAddWithoutValidation("Authorization", http.Request.Headers.Authorization.ToString());
        using var response = await _upstream.SendAsync(request);
        await RelayAsync(http, response, await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task RelayAsync(HttpContext http, HttpResponseMessage response, byte[] body)
    {
        http.Response.StatusCode = (int)response.StatusCode;
        if (response.Headers.RetryAfter is not null)
        {
            http.Response.Headers.RetryAfter = response.Headers.RetryAfter.ToString();
        }
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        await http.Response.Body.WriteAsync(body);
    }

    private static List<string> Ids(JsonElement root, string section) =>
        root.TryGetProperty(section, out var s) && s.TryGetProperty("id", out var ids)
            ? ids.EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _upstream?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
