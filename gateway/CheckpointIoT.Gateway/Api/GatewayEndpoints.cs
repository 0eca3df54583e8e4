using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Ingest;
using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Api;

/// <summary>HTTP endpoints: GET /health (open), /api/* (admin bearer token). /metrics is mapped by Metrics/.</summary>
public static class GatewayEndpoints
{
    /// <summary>Largest request body the admin API reads (its bodies are small JSON documents).</summary>
    public const long MaxAdminBodyBytes = 64 * 1024;

    public static void MapGatewayEndpoints(this WebApplication app)
    {
        app.MapGet("/health", Health);
        // The token is checked by middleware, before routing binds (and so reads) a request body: an endpoint filter
        // would run only after a 20 MB body had been read. Admin bodies are small JSON: capped at 64 KiB.
        app.Use(async (ctx, next) =>
        {
            if (!ctx.Request.Path.StartsWithSegments("/api"))
            {
                await next(ctx);
                return;
            }

            if (!ctx.RequestServices.GetRequiredService<AdminToken>().Matches(ctx.Request.Headers.Authorization.ToString()))
            {
                await Results.Json(new { error = "admin bearer token required (see <DataDirectory>/admin.token)" }, statusCode: 401).ExecuteAsync(ctx);
                return;
            }

            if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxAdminBodyBytes;
            }

            await next(ctx);
        });
        var admin = app.MapGroup("/api");
        admin.MapPost("/nodes", Enrol);
        admin.MapGet("/nodes", ListNodes);
        admin.MapPost("/nodes/{nodeId}/disable", Disable);
        admin.MapGet("/status", Status);
        admin.MapGet("/tls/ca", TlsCa);
    }

    private static IResult Health(IBrokerEndpoint broker, IGatewayMessaging messaging, GatewayStore store, NodeRegistry registry)
    {
        var storeOk = store.Ping();
        long pending = 0;
        if (storeOk)
        {
            try
            {
                pending = store.CountPendingOutbox();
            }
            catch (Exception)
            {
                storeOk = false;
            }
        }

        // Reads (Ping, the count) work on a full disk; the last write's outcome says whether records are kept.
        var writeFailure = store.Health.Failure;
        var storeState = !storeOk ? "error" : writeFailure != null ? "degraded" : "ok";
        var healthy = messaging.IsConnected && storeState == "ok";
        var body = new
        {
            status = healthy ? "ok" : "degraded",
            broker = new { host = broker.Host, port = broker.Port, running = messaging.IsConnected },
            store = storeState,
            storeReason = writeFailure?.Reason,
            storeDegradedSince = writeFailure?.Since,
            nodes = registry.Count,
            outboxPending = pending,
        };
        return Results.Json(body, statusCode: healthy ? 200 : 503);
    }

    private static async Task<IResult> Enrol(EnrolRequest? body, bool? rotate, NodeRegistry registry, IBrokerEndpoint broker, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger("CheckpointIoT.Gateway.Api");
        if (body is null)
        {
            return Problem("body must be JSON {\"nodeId\":..,\"checkpointId\":..,\"direction\":\"in\"|\"out\"}");
        }

        if (NodeRegistry.ValidateNodeId(body.NodeId) is { } idError)
        {
            return Problem(idError);
        }

        if (string.IsNullOrWhiteSpace(body.CheckpointId) || body.CheckpointId.Length > 64
            || !body.CheckpointId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return Problem("checkpointId must be 1-64 characters of A-Z a-z 0-9 - _ .");
        }

        if (!WireNames.TryParseDirection(body.Direction ?? "in", out var direction))
        {
            return Problem("direction must be \"in\" or \"out\"");
        }

        var result = registry.Enrol(body.NodeId!, body.CheckpointId, direction, rotate == true);
        if (result.Outcome == EnrolOutcome.Exists)
        {
            return Results.Json(new { error = $"node {body.NodeId} is already enrolled; POST /api/nodes?rotate=true to issue a new password" }, statusCode: 409);
        }

        // The embedded broker checks logins against the registry itself: the node can connect at once. A rotation
        // closes the session that logged in with the old password.
        await broker.ApplyRegistryAsync(registry.All, ct).ConfigureAwait(false);

        log.LogInformation("node {NodeId} {Outcome} at checkpoint {CheckpointId} ({Direction})", result.NodeId, result.Outcome, body.CheckpointId, WireNames.Direction(direction));
        return Results.Json(
            new { nodeId = result.NodeId, username = result.NodeId, password = result.Password, brokerHost = broker.NodeHost, brokerPort = broker.NodePort, brokerTlsPort = broker.NodeTlsPort },
            statusCode: result.Outcome == EnrolOutcome.Created ? 201 : 200);
    }

    /// <summary>The CA nodes must trust for the broker's TLS port (PEM), so a technician's laptop needs no copy of it.</summary>
    private static IResult TlsCa(IBrokerEndpoint broker, GatewayOptions options)
    {
        if (broker.NodeTlsPort is null || string.IsNullOrEmpty(options.Broker.TlsCaFile))
        {
            return Results.Json(new { error = "no TLS listener for nodes: run 'checkpoint-gateway tls-init' and set the Gateway:Broker:Tls* settings it prints" }, statusCode: 404);
        }

        try
        {
            return Results.Text(File.ReadAllText(options.Broker.TlsCaFile), "application/x-pem-file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Results.Json(new { error = $"Gateway:Broker:TlsCaFile: cannot read {options.Broker.TlsCaFile}: {ex.Message}" }, statusCode: 500);
        }
    }

    private static async Task<IResult> Disable(string nodeId, NodeRegistry registry, IBrokerEndpoint broker, CancellationToken ct)
    {
        if (!registry.Disable(nodeId))
        {
            return Results.Json(new { error = $"no node {nodeId}" }, statusCode: 404);
        }

        await broker.ApplyRegistryAsync(registry.All, ct).ConfigureAwait(false);
        return Results.Json(new { nodeId, enabled = false });
    }

    private static IResult ListNodes(NodeRegistry registry, GatewayOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return Results.Json(registry.LoadWithHealth().Select(n =>
        {
            var state = NodeLiveness.Evaluate(n, now, options.Nodes);
            return new
            {
                nodeId = n.NodeId,
                checkpointId = n.CheckpointId,
                direction = WireNames.Direction(n.Direction),
                enabled = n.Enabled,
                enrolledAt = Iso(n.EnrolledMs),
                credentialsRotatedAt = Iso(n.RotatedMs),
                lastSeen = Iso(n.LastSeenMs),
                firmwareVersion = n.FirmwareVersion,
                online = state == NodeLinkState.Online,
                state = NodeLiveness.Name(state),
                offlineReason = NodeLiveness.OfflineReason(state),
                lastWillAt = Iso(n.LastWillMs),
                health = new
                {
                    uptimeSeconds = n.UptimeSeconds,
                    freeMemoryBytes = n.FreeMemoryBytes,
                    queueDepth = n.QueueDepth,
                    wifiRssi = n.WifiRssi,
                    scanner = n.Scanner is { } s ? WireNames.Scanner(s) : null,
                    unreadableRecords = n.UnreadableRecords,
                    lastStatusAt = Iso(n.LastStatusMs),
                },
            };
        }));
    }

    private static IResult Status(GatewayStore store, NodeRegistry registry, OccupancyTracker occupancy, VerdictPolicy policy, DenyList deny, IngestService ingest,
        GatewayOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var outbox = store.OutboxStats();
        return Results.Json(new
        {
            nodes = registry.Count,
            nodesOnline = registry.OnlineCount(options.Nodes),
            checkins = store.Count("checkins"),
            presenceRecords = store.Count("presence_records"),
            ingestConnected = ingest.IsConnected,
            occupancy = occupancy.Snapshot(cp => policy.For(cp).LocalDay(now)),
            denyListSize = deny.Count,
            outbox = new { pending = outbox.Pending, uploaded = outbox.Uploaded, rejected = outbox.Rejected, expired = outbox.Expired, oldestPendingAt = Iso(outbox.OldestPendingMs) },
        });
    }

    private static string? Iso(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v).ToString("O") : null;

    private static IResult Problem(string message) => Results.Json(new { error = message }, statusCode: 400);
}
