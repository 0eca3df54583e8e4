using System.Globalization;
using System.Text.Json;
using CheckpointIoT.ProvincialApi.Contract;
using CheckpointIoT.ProvincialApi.Hosting;
using CheckpointIoT.ProvincialApi.Storage;
using Microsoft.AspNetCore.Http;

namespace CheckpointIoT.ProvincialApi.Endpoints;

/// <summary>
/// GET /v1/denylist (gateways pull hashed identities under quarantine orders, incrementally) and the health
/// authority's POST/DELETE /v1/admin/quarantine-orders.
/// </summary>
internal static class DenyListEndpoints
{
    public const int DefaultLimit = 5000;
    public const int MaxLimit = 50_000;

    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/denylist", GetAsync);
        app.MapPost("/v1/admin/quarantine-orders", AddOrderAsync);
        app.MapDelete("/v1/admin/quarantine-orders/{orderRef}", LiftOrderAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext http, GatewayAuthenticator auth, ProvincialStore store, TimeProvider time,
        string? since, int? limit)
    {
        if (auth.AuthenticateGateway(http.Request) is null)
        {
            return Http.Unauthorized(http);
        }
        long? sinceSeq = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                return Results.Json(new { error = "since must be a cursor returned by this endpoint" }, statusCode: StatusCodes.Status400BadRequest);
            }
            sinceSeq = s;
        }
        var pageSize = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var page = await store.GetDenyListAsync(sinceSeq, pageSize, time.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
        return Results.Json(new { cursor = page.Cursor, full = page.Full, more = page.More, added = page.Added, removed = page.Removed });
    }

    private static async Task<IResult> AddOrderAsync(HttpContext http, GatewayAuthenticator auth, ProvincialStore store, TimeProvider time)
    {
        if (!auth.IsAdmin(http.Request))
        {
            return Http.Unauthorized(http);
        }
        JsonElement body;
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            body = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Problem("body is not valid JSON");
        }
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("orderRef", out var refEl) || refEl.ValueKind != JsonValueKind.String
            || refEl.GetString() is not { Length: > 0 and <= 100 } orderRef)
        {
            return Problem("orderRef is required (1-100 characters)");
        }
        if (!body.TryGetProperty("idHashes", out var hashesEl) || hashesEl.ValueKind != JsonValueKind.Array || hashesEl.GetArrayLength() == 0)
        {
            return Problem("idHashes must be a non-empty array of 64 lower-case hex characters");
        }
        var hashes = new List<string>();
        foreach (var h in hashesEl.EnumerateArray())
        {
            if (h.ValueKind != JsonValueKind.String || !WireRules.IsIdHash(h.GetString()!))
            {
                return Problem("idHashes must be a non-empty array of 64 lower-case hex characters");
            }
            hashes.Add(h.GetString()!);
        }
        long? untilMs = null;
        if (body.TryGetProperty("until", out var untilEl) && untilEl.ValueKind != JsonValueKind.Null)
        {
            if (untilEl.ValueKind != JsonValueKind.String || !WireRules.TryParseTimestamp(untilEl.GetString(), out var u))
            {
                return Problem("until must be an RFC 3339 timestamp with offset, or null (open-ended)");
            }
            untilMs = u;
        }
        var added = await store.AddQuarantineOrderAsync(orderRef, hashes, untilMs, time.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
        return Results.Json(new { orderRef, hashes = hashes.Count, addedToDenyList = added }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> LiftOrderAsync(HttpContext http, string orderRef, GatewayAuthenticator auth, ProvincialStore store, TimeProvider time)
    {
        if (!auth.IsAdmin(http.Request))
        {
            return Http.Unauthorized(http);
        }
        var found = await store.LiftQuarantineOrderAsync(orderRef, time.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
        return found ? Results.NoContent() : Results.Json(new { error = "unknown order" }, statusCode: StatusCodes.Status404NotFound);
    }

    private static IResult Problem(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status422UnprocessableEntity);
}
