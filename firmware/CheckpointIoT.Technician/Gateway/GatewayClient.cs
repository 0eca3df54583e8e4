using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.Technician.Cli;

namespace CheckpointIoT.Technician.Gateway;

/// <summary>The gateway's admin API: registers a node (POST /api/nodes), which creates its broker credentials and ACL.</summary>
public sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    public GatewayClient(Uri gateway, string adminToken, TimeSpan timeout)
    {
        _http = new HttpClient { BaseAddress = gateway, Timeout = timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    /// <summary>Enrols the node; an existing node is rotated only when <paramref name="rotate"/> (else a clear failure).</summary>
    public async Task<Enrolment> EnrolAsync(string nodeId, string checkpointId, string direction, bool rotate, CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.PostAsJsonAsync(rotate ? "api/nodes?rotate=true" : "api/nodes", new { nodeId, checkpointId, direction }, ct), ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
            throw TechnicianException.Fail($"gateway: node {nodeId} is already enrolled; run again with --rotate to issue new MQTT credentials (the old password stops working)");
        if (!response.IsSuccessStatusCode)
            throw TechnicianException.Fail($"gateway: enrolling {nodeId} failed: HTTP {(int)response.StatusCode} {await ErrorTextAsync(response, ct)}");
        var enrolment = await response.Content.ReadFromJsonAsync<Enrolment>(ct)
            ?? throw TechnicianException.Fail("gateway: empty answer to POST /api/nodes");
        return enrolment with { Rotated = response.StatusCode == HttpStatusCode.OK };
    }

    /// <summary>The PEM CA of the gateway's TLS listener (GET /api/tls/ca).</summary>
    public async Task<byte[]> GetTlsCaAsync(CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.GetAsync("api/tls/ca", ct), ct);
        if (!response.IsSuccessStatusCode)
            throw TechnicianException.Fail($"--tls: the gateway has no CA to give: HTTP {(int)response.StatusCode} {await ErrorTextAsync(response, ct)}");
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>Sends a request; an unreachable or silent gateway and a refused admin token become clear failures.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException ex)
        {
            throw TechnicianException.Fail($"--gateway: cannot reach {_http.BaseAddress}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw TechnicianException.Fail($"--gateway: {_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw TechnicianException.Fail("--admin-token-file: the gateway refused the admin token (HTTP 401)");
        }

        return response;
    }

    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (string name in new[] { "error", "detail", "title" })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    return value.GetString()!;
            }
        }
        catch (JsonException)
        {
        }
        return text.Length > 200 ? text[..200] : text;
    }

    public void Dispose() => _http.Dispose();
}
