using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// HTTP transport to the provincial API (openapi.yaml): moves bytes and classifies answers; no retry logic here.
/// One instance per gateway, shared by the uploader and the deny-list client. Thread-safe.
/// </summary>
public sealed class ProvincialApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly UploaderOptions _options;
    private readonly TimeProvider _time;
    private long _bytesSent;

    /// <param name="options">Validated options (BaseUrl, Token, timeouts).</param>
    /// <param name="handler">Optional handler (tests, byte counting); not disposed by this client. Default: a SocketsHttpHandler.</param>
    /// <param name="time">Clock for Retry-After dates.</param>
    public ProvincialApiClient(UploaderOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = options.ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = options.BaseUri;
        _http.Timeout = Timeout.InfiniteTimeSpan; // per request: RequestTimeout
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("checkpoint-gateway", "1"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>Request body bytes sent so far (after gzip), including retries.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>POST /v1/batches. Never throws for HTTP or network failures (only when <paramref name="ct"/> is cancelled).</summary>
    public async Task<BatchSendResult> SendBatchAsync(UploadBatch batch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/batches");
        var content = new ByteArrayContent(batch.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        request.Content = content;
        Interlocked.Add(ref _bytesSent, batch.Body.Length);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is 200 or 207 or 409 or 422)
            {
                var parsed = await TryParseAsync(response, timeout.Token);
                if (parsed is not null)
                {
                    return BatchSendResult.Answered(parsed);
                }
                if (status == 422)
                {
                    // Unreadable refusal: nothing was stored; the batch as such is refused.
                    return BatchSendResult.Failed(new UploadError(UploadErrorKind.BadRequest, 422, null, "batch refused (422) without a readable body"));
                }
                return BatchSendResult.Failed(new UploadError(UploadErrorKind.ServerError, status, null, "answer body could not be read"));
            }
            return BatchSendResult.Failed(Classify(response, await SafeReadAsync(response, timeout.Token)));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return BatchSendResult.Failed(new UploadError(UploadErrorKind.Timeout, null, null, $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex)
        {
            return BatchSendResult.Failed(new UploadError(UploadErrorKind.Network, null, null, ex.Message));
        }
        catch (IOException ex)
        {
            return BatchSendResult.Failed(new UploadError(UploadErrorKind.Network, null, null, ex.Message));
        }
    }

    /// <summary>PUT /v1/checkpoints/{id}. Throws <see cref="ProvincialApiException"/> on failure (409 = another gateway owns the id).</summary>
    public async Task RegisterCheckpointAsync(string checkpointId, CheckpointRegistrationOptions checkpoint, CancellationToken ct)
    {
        var body = new { name = checkpoint.Name, unit = checkpoint.Unit, district = checkpoint.District, province = checkpoint.Province, address = checkpoint.Address };
        using var request = new HttpRequestMessage(HttpMethod.Put, "v1/checkpoints/" + Uri.EscapeDataString(checkpointId))
        {
            Content = JsonContent.Create(body),
        };
        await SendForSuccessAsync(request, ct);
    }

    /// <summary>GET /v1/denylist?since=…&amp;limit=…. Throws <see cref="ProvincialApiException"/> on failure.</summary>
    public async Task<DenyListDelta> GetDenyListAsync(string? since, int limit, CancellationToken ct)
    {
        var url = "v1/denylist?limit=" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + (string.IsNullOrEmpty(since) ? "" : "&since=" + Uri.EscapeDataString(since));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var json = await SendForSuccessAsync(request, ct);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return new DenyListDelta(
                root.GetProperty("cursor").GetString() ?? throw new FormatException("cursor missing"),
                root.TryGetProperty("full", out var full) && full.GetBoolean(),
                root.TryGetProperty("more", out var more) && more.GetBoolean(),
                Strings(root, "added"),
                Strings(root, "removed"));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ProvincialApiException(new UploadError(UploadErrorKind.ServerError, 200, null, "deny list answer could not be read: " + ex.Message));
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> SendForSuccessAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }
            var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 500));
            var error = (int)response.StatusCode == 409
                ? new UploadError(UploadErrorKind.BadRequest, 409, null, "conflict: " + text)
                : Classify(response, text);
            throw new ProvincialApiException(error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ProvincialApiException(new UploadError(UploadErrorKind.Timeout, null, null, $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex)
        {
            throw new ProvincialApiException(new UploadError(UploadErrorKind.Network, null, null, ex.Message));
        }
    }

    private UploadError Classify(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response);
        var message = $"HTTP {status} {response.ReasonPhrase}" + (string.IsNullOrWhiteSpace(body) ? "" : ": " + body.Trim());
        var kind = status switch
        {
            401 or 403 => UploadErrorKind.Unauthorized,
            404 or 405 => UploadErrorKind.NotFound,
            408 => UploadErrorKind.Timeout,
            413 => UploadErrorKind.PayloadTooLarge,
            429 => UploadErrorKind.Throttled,
            503 => UploadErrorKind.Unavailable,
            >= 500 => UploadErrorKind.ServerError,
            >= 400 => UploadErrorKind.BadRequest,
            _ => UploadErrorKind.ServerError, // unexpected 1xx/2xx/3xx
        };
        return new UploadError(kind, status, retryAfter, message);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var h = response.Headers.RetryAfter;
        if (h is null)
        {
            return null;
        }
        if (h.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (h.Date is { } date)
        {
            var d = date - _time.GetUtcNow();
            return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        }
        return null;
    }

    private static async Task<BatchResponse?> TryParseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var doc = await JsonDocument.ParseAsync(stream, default, ct);
            var root = doc.RootElement;
            var rejected = new List<RecordRejection>();
            if (root.TryGetProperty("rejected", out var arr) && arr.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in arr.EnumerateArray())
                {
                    rejected.Add(new RecordRejection(
                        r.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                        r.TryGetProperty("section", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "",
                        r.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : -1,
                        r.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "rejected",
                        r.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString()! : ""));
                }
            }
            return new BatchResponse(
                (int)response.StatusCode,
                Str(root, "batchId") ?? "",
                Str(root, "status") ?? "",
                Int(root, "received"),
                Int(root, "accepted"),
                Int(root, "duplicates"),
                rejected,
                Str(root, "error"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> SafeReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var s = await response.Content.ReadAsStringAsync(ct);
            return s.Length > 500 ? s[..500] : s;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return "";
        }
    }

    private static string? Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var el) && el.ValueKind == JsonValueKind.String ? el.GetString() : null;

    private static int Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var el) && el.ValueKind == JsonValueKind.Number && el.TryGetInt32(out var v) ? v : 0;

    private static IReadOnlyList<string> Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var arr) || arr.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        var list = new List<string>(arr.GetArrayLength());
        foreach (var e in arr.EnumerateArray())
        {
            list.Add(e.GetString() ?? throw new FormatException(name + " holds a non-string"));
        }
        return list;
    }
}
