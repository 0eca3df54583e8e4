using CheckpointIoT.ProvincialApi.Contract;
using CheckpointIoT.ProvincialApi.Hosting;
using CheckpointIoT.ProvincialApi.Reports;
using CheckpointIoT.ProvincialApi.Storage;
using Microsoft.AspNetCore.Http;

namespace CheckpointIoT.ProvincialApi.Endpoints;

/// <summary>GET /v1/reports/district (JSON) and GET /reports/district.html (printable page).</summary>
internal static class ReportEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/reports/district", (HttpContext http, ProvincialStore store, ProvincialServerOptions options, TimeProvider time,
            string? district, int? days, string? at, int? beaconWindowMinutes) =>
        {
            var report = Build(store, options, time, district, days, at, beaconWindowMinutes, out var error);
            return report is null ? BadRequest(error!) : Results.Json(report);
        });
        app.MapGet("/reports/district.html", (HttpContext http, ProvincialStore store, ProvincialServerOptions options, TimeProvider time,
            string? district, int? days, string? at, int? beaconWindowMinutes) =>
        {
            var report = Build(store, options, time, district, days, at, beaconWindowMinutes, out var error);
            return report is null ? BadRequest(error!) : Results.Content(DistrictReportHtml.Render(report), "text/html; charset=utf-8");
        });
    }

    private static DistrictReport? Build(ProvincialStore store, ProvincialServerOptions options, TimeProvider time, string? district,
        int? days, string? at, int? beaconWindowMinutes, out string? error)
    {
        error = null;
        var windowDays = days ?? 7;
        if (windowDays is < 1 or > 366)
        {
            error = "days must be between 1 and 366";
            return null;
        }
        var window = beaconWindowMinutes ?? options.BeaconWindowMinutes;
        if (window is < 0 or > 60)
        {
            error = "beaconWindowMinutes must be between 0 and 60";
            return null;
        }
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var atMs = nowMs;
        if (!string.IsNullOrEmpty(at) && !WireRules.TryParseTimestamp(at, out atMs))
        {
            error = "at must be an RFC 3339 timestamp with offset";
            return null;
        }
        return DistrictReportBuilder.Build(store, string.IsNullOrWhiteSpace(district) ? null : district.Trim(), windowDays, atMs, nowMs, window, options.UtcOffset);
    }

    private static IResult BadRequest(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
}
