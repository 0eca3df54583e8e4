using System.Net;
using System.Text.Json;

namespace CheckpointIoT.ProvincialApi.Tests.Infrastructure;

/// <summary>A parsed POST /v1/batches answer.</summary>
public sealed record BatchAnswer(HttpStatusCode Status, string? BatchId, string? State, int Received, int Accepted, int Duplicates,
    IReadOnlyList<(string? Id, string Section, int Index, string Code, string Reason)> Rejected, string? Error, HttpResponseMessage Raw)
{
    public static async Task<BatchAnswer> PostAsync(HttpClient client, HttpContent body)
    {
        var response = await client.PostAsync("v1/batches", body);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var r = doc.RootElement;
        var rejected = new List<(string?, string, int, string, string)>();
        if (r.TryGetProperty("rejected", out var arr))
        {
            foreach (var e in arr.EnumerateArray())
            {
                rejected.Add((e.GetProperty("id").ValueKind == JsonValueKind.String ? e.GetProperty("id").GetString() : null,
                    e.GetProperty("section").GetString()!, e.GetProperty("index").GetInt32(), e.GetProperty("code").GetString()!,
                    e.GetProperty("reason").GetString()!));
            }
        }
        string? S(string n) => r.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int I(string n) => r.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : -1;
        return new BatchAnswer(response.StatusCode, S("batchId"), S("status"), I("received"), I("accepted"), I("duplicates"), rejected, S("error"), response);
    }
}
