using System.Text.Json;
using CheckpointIoT.ProvincialApi.Contract;
using CheckpointIoT.ProvincialApi.Hosting;
using CheckpointIoT.ProvincialApi.Storage;
using Microsoft.AspNetCore.Http;

namespace CheckpointIoT.ProvincialApi.Endpoints;

/// <summary>PUT /v1/checkpoints/{id} (a gateway registers its checkpoints) and GET /v1/checkpoints.</summary>
internal static class CheckpointEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPut("/v1/checkpoints/{checkpointId}", RegisterAsync);
        app.MapGet("/v1/checkpoints", (ProvincialStore store, ProvincialServerOptions options, string? district) =>
            Results.Json(new
            {
                checkpoints = store.GetCheckpoints(district).Select(c => View(c, options.UtcOffset)),
            }));
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, string checkpointId, GatewayAuthenticator auth,
        ProvincialStore store, TimeProvider time, ProvincialServerOptions options)
    {
        var gatewayId = auth.AuthenticateGateway(http.Request);
        if (gatewayId is null)
        {
            return Http.Unauthorized(http);
        }
        if (!WireRules.IsValidCheckpointId(checkpointId))
        {
            return Problem("checkpointId must be 1-64 characters of A-Z a-z 0-9 . _ -");
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
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problem("body must be a JSON object");
        }
        var name = Text(body, "name", 200);
        var unit = Text(body, "unit", 200);
        var district = Text(body, "district", 200);
        if (name is null || unit is null || district is null)
        {
            return Problem("name, unit and district are required strings of 1-200 characters");
        }
        var province = Text(body, "province", 200);
        var address = Text(body, "address", 500);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var reg = new CheckpointRegistration(checkpointId, gatewayId, name, unit, district, province, address, nowMs, nowMs);
        var outcome = await store.RegisterCheckpointAsync(reg, http.RequestAborted);
        if (outcome == RegisterOutcome.OwnedByOtherGateway)
        {
            return Results.Json(new { error = "checkpoint id is registered by another gateway" }, statusCode: StatusCodes.Status409Conflict);
        }
        var saved = store.GetCheckpoints(district).First(c => c.CheckpointId == checkpointId);
        return Results.Json(View(saved, options.UtcOffset),
            statusCode: outcome == RegisterOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static object View(CheckpointRegistration c, TimeSpan offset) => new
    {
        checkpointId = c.CheckpointId,
        gatewayId = c.GatewayId,
        name = c.Name,
        unit = c.Unit,
        district = c.District,
        province = c.Province,
        address = c.Address,
        registeredAt = WireRules.FormatTimestamp(c.RegisteredMs, offset),
        updatedAt = WireRules.FormatTimestamp(c.UpdatedMs, offset),
    };

    private static string? Text(JsonElement body, string name, int max)
    {
        if (!body.TryGetProperty(name, out var el) || el.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var s = el.GetString()!.Trim();
        return s.Length is 0 || s.Length > max ? null : s;
    }

    private static IResult Problem(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status422UnprocessableEntity);
}
