using System.Text.Json;
using CheckpointIoT.ProvincialApi.Contract;
using CheckpointIoT.ProvincialApi.Hosting;
using CheckpointIoT.ProvincialApi.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.ProvincialApi.Endpoints;

/// <summary>POST /v1/batches: the store-and-forward upload (see openapi.yaml, operation uploadBatch).</summary>
internal static class BatchEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/v1/batches", UploadAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, GatewayAuthenticator auth, UploadAdmission admission,
        ProvincialStore store, ProvincialServerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger("CheckpointIoT.ProvincialApi.Batches");
        var gatewayId = auth.AuthenticateGateway(http.Request);
        if (gatewayId is null)
        {
            return Http.Unauthorized(http);
        }
        if (!admission.TryEnter(gatewayId))
        {
            return Http.RetryLater(http, StatusCodes.Status429TooManyRequests, options.RetryAfterSeconds,
                $"at most {options.MaxConcurrentUploadsPerGateway} uploads in flight per gateway");
        }
        try
        {
            if (!store.TryEnterQueue(options.MaxQueuedBatches))
            {
                return Http.RetryLater(http, StatusCodes.Status503ServiceUnavailable, options.RetryAfterSeconds, "ingest queue full");
            }
            try
            {
                JsonDocument doc;
                try
                {
                    doc = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
                }
                catch (JsonException ex)
                {
                    return Invalid("", $"body is not valid JSON: {ex.Message}");
                }
                catch (InvalidDataException)
                {
                    return Invalid("", "body could not be decompressed (Content-Encoding: gzip expected)");
                }
                catch (BadHttpRequestException ex)
                {
                    return Results.Json(new { status = "invalid", error = ex.Message }, statusCode: ex.StatusCode);
                }

                using (doc)
                {
                    var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                    var batch = BatchParser.Parse(doc.RootElement, nowMs, options.MaxBatchRecords);
                    if (batch.EnvelopeError is not null)
                    {
                        log.LogWarning("Batch {BatchId} from {GatewayId} refused: {Error}", batch.BatchId, gatewayId, batch.EnvelopeError);
                        return Invalid(batch.BatchId, batch.EnvelopeError);
                    }
                    var result = await store.IngestAsync(gatewayId, batch, nowMs, http.RequestAborted);
                    var status = result.DuplicateBatch ? StatusCodes.Status409Conflict
                        : result.Rejections.Count == 0 ? StatusCodes.Status200OK
                        : result.Accepted + result.Duplicates == 0 ? StatusCodes.Status422UnprocessableEntity
                        : StatusCodes.Status207MultiStatus;
                    log.LogDebug("Batch {BatchId} from {GatewayId}: {Status} received={Received} accepted={Accepted} duplicates={Duplicates} rejected={Rejected}",
                        result.BatchId, gatewayId, status, result.Received, result.Accepted, result.Duplicates, result.Rejections.Count);
                    if (result.Rejections.Count > 0 && !result.DuplicateBatch)
                    {
                        log.LogWarning("Batch {BatchId} from {GatewayId}: {Rejected} of {Received} records rejected (first: {Code})",
                            result.BatchId, gatewayId, result.Rejections.Count, result.Received, result.Rejections[0].Code);
                    }
                    var statusText = status switch
                    {
                        StatusCodes.Status409Conflict => "duplicate",
                        StatusCodes.Status200OK => "accepted",
                        StatusCodes.Status207MultiStatus => "partial",
                        _ => "invalid",
                    };
                    return Results.Json(Body(result.BatchId, statusText, result.Received, result.Accepted, result.Duplicates,
                        result.Rejections, null), statusCode: status);
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
            {
                return Http.RetryLater(http, StatusCodes.Status503ServiceUnavailable, options.RetryAfterSeconds, "database busy");
            }
            finally
            {
                store.LeaveQueue();
            }
        }
        finally
        {
            admission.Leave(gatewayId);
        }
    }

    private static IResult Invalid(string batchId, string error) =>
        Results.Json(Body(batchId, "invalid", 0, 0, 0, [], error), statusCode: StatusCodes.Status422UnprocessableEntity);

    private static object Body(string batchId, string status, int received, int accepted, int duplicates,
        IReadOnlyList<RecordRejection> rejected, string? error) => new
    {
        batchId,
        status,
        received,
        accepted,
        duplicates,
        rejected = rejected.Select(r => new { id = r.Id, section = r.Section, index = r.Index, code = r.Code, reason = r.Reason }),
        error,
    };
}
