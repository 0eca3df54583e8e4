using CheckpointIoT.ProvincialApi.Storage;

namespace CheckpointIoT.ProvincialApi.Endpoints;

/// <summary>GET /v1/stats, GET /openapi.yaml, GET /healthz and a small index page.</summary>
internal static class InfoEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/stats", (ProvincialStore store) =>
        {
            var s = store.GetStats();
            return Results.Json(new
            {
                checkins = s.CheckIns,
                presence = s.Presence,
                batches = s.Batches,
                duplicateBatches = s.DuplicateBatches,
                duplicateRecords = s.DuplicateRecords,
                rejectedRecords = s.RejectedRecords,
                rejectedNotOwned = s.RejectedNotOwned,
                rejectedNotRegistered = s.RejectedNotRegistered,
                gateways = s.Gateways,
                checkpoints = s.Checkpoints,
                denyListActive = s.DenyListActive,
            });
        });
        app.MapGet("/openapi.yaml", () => Results.Text(OpenApiDocument.Text, "application/yaml; charset=utf-8"));
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/", () => Results.Content("""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Provincial check-in API (reference)</title></head><body>
            <h1>Provincial check-in API (reference server)</h1>
            <ul><li><a href="/reports/district.html">District report (printable)</a></li>
            <li><a href="/v1/reports/district">District report (JSON)</a></li>
            <li><a href="/v1/stats">Stats</a></li><li><a href="/openapi.yaml">OpenAPI contract</a></li></ul>
            </body></html>
            """, "text/html; charset=utf-8"));
    }
}
