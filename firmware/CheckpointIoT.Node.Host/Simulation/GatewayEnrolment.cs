using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace CheckpointIoT.Node.Host.Simulation;

/// <summary>Enrols a node with the gateway's registry (POST /api/nodes) and returns its broker credentials.</summary>
public sealed class GatewayEnrolment
{
    private readonly HttpClient _http;

    public GatewayEnrolment(Uri gateway, string adminToken)
    {
        _http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }

    public sealed record Credentials(
        [property: JsonPropertyName("nodeId")] string NodeId,
        [property: JsonPropertyName("username")] string Username,
        [property: JsonPropertyName("password")] string Password,
        [property: JsonPropertyName("brokerHost")] string BrokerHost,
        [property: JsonPropertyName("brokerPort")] int BrokerPort);

    /// <summary>Enrols, or rotates the password of an already enrolled node (the simulator keeps no secrets between runs).</summary>
    public async Task<Credentials> EnrolAsync(string nodeId, string checkpointId, string direction, CancellationToken ct)
    {
        var body = new { nodeId, checkpointId, direction };
        using var response = await _http.PostAsJsonAsync("api/nodes", body, ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            using var rotated = await _http.PostAsJsonAsync("api/nodes?rotate=true", body, ct);
            return await ReadAsync(rotated, nodeId, ct);
        }
        return await ReadAsync(response, nodeId, ct);
    }

    private static async Task<Credentials> ReadAsync(HttpResponseMessage response, string nodeId, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            string text = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"enrolling {nodeId} failed: HTTP {(int)response.StatusCode} {text}");
        }
        return await response.Content.ReadFromJsonAsync<Credentials>(ct)
            ?? throw new InvalidOperationException($"enrolling {nodeId}: empty answer from the gateway");
    }
}
