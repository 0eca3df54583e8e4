using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CheckpointIoT.ProvincialApi.Endpoints;

/// <summary>Shared HTTP answers.</summary>
internal static class Http
{
    public static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Json(new { error = "missing or unknown bearer token" }, statusCode: StatusCodes.Status401Unauthorized);
    }

    public static IResult RetryLater(HttpContext http, int status, int seconds, string why)
    {
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Json(new { error = why, retryAfterSeconds = seconds }, statusCode: status);
    }
}
