using System.Globalization;
using System.Net;
using System.Text;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Storage;

namespace CheckpointIoT.Gateway.Api;

/// <summary>
/// GET / : a small status page for whoever looks after the gateway (refreshes every 5 s): broker and store health,
/// the indicator (what the LEDs/buzzer show, also on a machine without GPIO), counts, occupancy and the nodes'
/// health. It carries no personal data (no scans, no ID numbers, no credentials), so it needs no admin token; the
/// gateway listens on loopback unless configured otherwise.
/// </summary>
public static class DashboardPage
{
    public static void MapDashboard(this WebApplication app) => app.MapGet("/", Render);

    private static IResult Render(IBrokerEndpoint broker, GatewayStore store, NodeRegistry registry, OccupancyTracker occupancy,
        VerdictPolicy policy, IObservableIndicator indicator, GatewayOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\">")
            .Append("<title>CheckpointIoT gateway</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.ok{color:#070}.bad{color:#b00}</style></head><body>")
            .Append("<h1>CheckpointIoT gateway</h1>");

        bool storeOk = store.Ping();
        html.Append("<p>Broker ").Append(State(broker.IsRunning, "running", "down")).Append(" on ")
            .Append(E(broker.Host)).Append(':').Append(broker.Port)
            .Append(" · store ").Append(StoreState(storeOk, store.Health.Failure))
            .Append(" · indicator <b>").Append(E(indicator.Current.Pattern.ToString())).Append("</b> (").Append(E(indicator.Description)).Append(")</p>");

        if (storeOk)
        {
            var outbox = store.OutboxStats();
            html.Append("<h2>Records</h2><table><tr><th>check-ins</th><th>presence records</th><th>outbox pending</th><th>uploaded</th><th>rejected</th></tr><tr>")
                .Append(Cell(store.Count("checkins"))).Append(Cell(store.Count("presence_records")))
                .Append(Cell(outbox.Pending)).Append(Cell(outbox.Uploaded)).Append(Cell(outbox.Rejected)).Append("</tr></table>");
        }

        var inside = occupancy.Snapshot(cp => policy.For(cp).LocalDay(now.ToUnixTimeMilliseconds()));
        html.Append("<h2>Occupancy</h2>");
        if (inside.Count == 0) html.Append("<p>No check-ins today.</p>");
        else
        {
            html.Append("<table><tr><th>checkpoint</th><th>inside now</th></tr>");
            foreach (var (checkpoint, count) in inside.OrderBy(p => p.Key, StringComparer.Ordinal))
                html.Append("<tr><td>").Append(E(checkpoint)).Append("</td>").Append(Cell(count)).Append("</tr>");
            html.Append("</table>");
        }

        var nodes = registry.LoadWithHealth().Select(n => (Node: n, State: NodeLiveness.Evaluate(n, now.ToUnixTimeMilliseconds(), options.Nodes)))
            .OrderBy(x => x.Node.NodeId, StringComparer.Ordinal).ToList();
        html.Append("<h2>Nodes (").Append(nodes.Count(x => x.State == NodeLinkState.Online)).Append(" of ").Append(nodes.Count).Append(" online)</h2>");
        html.Append("<table><tr><th>node</th><th>checkpoint</th><th>door</th><th>state</th><th>last seen</th><th>last status</th><th>firmware</th>")
            .Append("<th>uptime s</th><th>free memory</th><th>queue</th><th>unreadable records</th><th>scanner</th><th>Wi-Fi dBm</th></tr>");
        foreach (var (n, state) in nodes)
        {
            var reason = NodeLiveness.OfflineReason(state);
            html.Append("<tr><td>").Append(E(n.NodeId)).Append("</td><td>").Append(E(n.CheckpointId)).Append("</td><td>")
                .Append(E(WireNames.Direction(n.Direction))).Append("</td><td class=\"").Append(state == NodeLinkState.Online ? "ok" : "bad").Append("\">")
                .Append(NodeLiveness.Name(state)).Append(reason is null ? "" : " (" + reason + ")")
                .Append("</td><td>").Append(n.LastSeenMs is { } seen ? Ago(now, seen) : "-")
                .Append("</td><td>").Append(n.LastStatusMs is { } st ? Ago(now, st) : "-")
                .Append("</td><td>").Append(E(n.FirmwareVersion ?? "-"))
                .Append("</td>").Append(Cell(n.UptimeSeconds)).Append(Cell(n.FreeMemoryBytes)).Append(Cell(n.QueueDepth))
                .Append(n.UnreadableRecords is > 0 ? "<td class=\"bad\" title=\"check-ins lost to flash corruption\">" + n.UnreadableRecords.Value.ToString(CultureInfo.InvariantCulture) + "</td>" : Cell(n.UnreadableRecords))
                .Append("<td>").Append(n.Scanner is { } s ? E(WireNames.Scanner(s)) : "-")
                .Append("</td>").Append(Cell(n.WifiRssi)).Append("</tr>");
        }
        html.Append("</table><p>JSON: <a href=\"/health\">/health</a> · Prometheus: <a href=\"/metrics\">/metrics</a> · admin API: /api/nodes, /api/status (bearer token)</p></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>"degraded (reason, since …)" while writes fail: reads, and so Ping, still work on a full disk.</summary>
    private static string StoreState(bool pingOk, (string Reason, DateTimeOffset Since)? failure) =>
        !pingOk ? State(false, "ok", "error")
        : failure is { } f ? State(false, "ok", E($"degraded ({f.Reason}, since {f.Since:u}); check-ins stay on the nodes"))
        : State(true, "ok", "error");

    private static string State(bool ok, string good, string bad) => ok ? $"<span class=\"ok\">{good}</span>" : $"<span class=\"bad\">{bad}</span>";

    private static string Cell(long? value) => "<td>" + (value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "-") + "</td>";

    private static string Ago(DateTimeOffset now, long ms)
    {
        var age = now - DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (age < TimeSpan.FromMinutes(1)) return $"{Math.Max(0, (int)age.TotalSeconds)} s ago";
        if (age < TimeSpan.FromHours(1)) return $"{(int)age.TotalMinutes} min ago";
        return DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
    }
}
