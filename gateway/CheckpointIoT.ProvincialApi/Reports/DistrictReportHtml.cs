using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CheckpointIoT.ProvincialApi.Reports;

/// <summary>Renders the district report as a self-contained printable HTML page (A4, no scripts, no external assets).</summary>
internal static class DistrictReportHtml
{
    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(DistrictReport report)
    {
        var sb = new StringBuilder(16 * 1024);
        sb.Append("""
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8">
            <title>District check-in report</title>
            <style>
            body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 11pt; margin: 1.5cm; color: #111; }
            h1 { font-size: 16pt; margin: 0 0 .2em 0; } h2 { font-size: 13pt; margin-top: 1.4em; border-bottom: 1px solid #444; }
            table { border-collapse: collapse; width: 100%; margin: .5em 0 1em 0; }
            th, td { border: 1px solid #888; padding: 3px 6px; text-align: left; } td.n, th.n { text-align: right; }
            thead th { background: #eee; } .meta { color: #444; } .defs { font-size: 9pt; color: #333; }
            section.district { page-break-after: always; } section.district:last-of-type { page-break-after: auto; }
            @page { size: A4; margin: 1.5cm; } @media print { body { margin: 0; } }
            </style></head><body>
            """);
        sb.Append("<h1>Check-in report by district</h1>\n");
        sb.Append("<p class=\"meta\">Window: ").Append(E(report.WindowStart)).Append(" to ").Append(E(report.WindowEnd))
            .Append(" (").Append(report.WindowDays).Append(" days). Generated ").Append(E(report.GeneratedAt))
            .Append(". Beacon window: ±").Append(report.BeaconWindowMinutes).Append(" min.</p>\n");
        if (report.Districts.Count == 0)
        {
            sb.Append("<p>No checkpoints are registered.</p>\n");
        }
        foreach (var d in report.Districts)
        {
            sb.Append("<section class=\"district\">\n<h2>District: ").Append(E(d.District)).Append("</h2>\n");
            AppendFigures(sb, "Unit", d.Units, d.Totals);
            sb.Append("<h3>Checkpoints with traffic in the last ").Append(report.WindowDays).Append(" days (")
                .Append(d.CheckpointsWithTrafficList.Count).Append(")</h3>\n");
            if (d.CheckpointsWithTrafficList.Count == 0)
            {
                sb.Append("<p>None.</p>\n");
            }
            else
            {
                sb.Append("<table><thead><tr><th>#</th><th>Checkpoint</th><th>Name</th><th>Unit</th><th class=\"n\">Scans</th>")
                    .Append("<th class=\"n\">With beacon</th><th>Last scan</th></tr></thead><tbody>\n");
                var i = 0;
                foreach (var c in d.CheckpointsWithTrafficList)
                {
                    sb.Append("<tr><td class=\"n\">").Append(++i).Append("</td><td>").Append(E(c.CheckpointId)).Append("</td><td>")
                        .Append(E(c.Name)).Append("</td><td>").Append(E(c.Unit)).Append("</td><td class=\"n\">").Append(N(c.ScansInWindow))
                        .Append("</td><td class=\"n\">").Append(N(c.CheckInsWithBeacon)).Append("</td><td>").Append(E(c.LastScanAt))
                        .Append("</td></tr>\n");
                }
                sb.Append("</tbody></table>\n");
            }
            sb.Append("</section>\n");
        }
        sb.Append("""
            <p class="defs"><b>Definitions.</b> Registered: checkpoints registered by their gateway for the unit/district.
            Scans (total): QR check-in records of those checkpoints received up to the end of the window, pass or fail, both doors.
            Scans (window): the same within the window. With traffic: checkpoints with at least one scan in the window.
            Beacon share: scans in the window at which a contact-tracing app beacon (Exposure Notification, Bluezone, BlueTrace)
            was seen at the same checkpoint within the beacon window before or after the scan, divided by the scans in the window.</p>
            </body></html>
            """);
        return sb.ToString();
    }

    private static void AppendFigures(StringBuilder sb, string label, IReadOnlyList<UnitFigures> rows, UnitFigures totals)
    {
        sb.Append("<table><thead><tr><th>").Append(label).Append("</th><th class=\"n\">Checkpoints registered</th>")
            .Append("<th class=\"n\">Scans (total)</th><th class=\"n\">Scans (window)</th><th class=\"n\">Checkpoints with traffic</th>")
            .Append("<th class=\"n\">Scans with tracing beacon</th><th class=\"n\">Beacon share</th></tr></thead><tbody>\n");
        foreach (var r in rows)
        {
            AppendRow(sb, r, bold: false);
        }
        AppendRow(sb, totals with { Name = "Total" }, bold: true);
        sb.Append("</tbody></table>\n");
    }

    private static void AppendRow(StringBuilder sb, UnitFigures r, bool bold)
    {
        var (o, c) = bold ? ("<b>", "</b>") : ("", "");
        sb.Append("<tr><td>").Append(o).Append(E(r.Name)).Append(c).Append("</td>")
            .Append("<td class=\"n\">").Append(o).Append(N(r.CheckpointsRegistered)).Append(c).Append("</td>")
            .Append("<td class=\"n\">").Append(o).Append(N(r.ScansTotal)).Append(c).Append("</td>")
            .Append("<td class=\"n\">").Append(o).Append(N(r.ScansInWindow)).Append(c).Append("</td>")
            .Append("<td class=\"n\">").Append(o).Append(N(r.CheckpointsWithTraffic)).Append(c).Append("</td>")
            .Append("<td class=\"n\">").Append(o).Append(N(r.CheckInsWithBeacon)).Append(c).Append("</td>")
            .Append("<td class=\"n\">").Append(o).Append(r.BeaconShare is { } s ? (s * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "n/a")
            .Append(c).Append("</td></tr>\n");
    }

    private static string E(string s) => s_encoder.Encode(s);

    private static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
