using CheckpointIoT.ProvincialApi.Contract;
using CheckpointIoT.ProvincialApi.Storage;

namespace CheckpointIoT.ProvincialApi.Reports;

/// <summary>
/// Builds the district report from registered checkpoints and per-checkpoint traffic. Only registered checkpoints
/// count (their district and unit come from the registration). Window = [at - days, at).
/// </summary>
internal static class DistrictReportBuilder
{
    public static DistrictReport Build(ProvincialStore store, string? district, int days, long atMs, long nowMs, int beaconWindowMinutes, TimeSpan offset)
    {
        var sinceMs = atMs - days * 86_400_000L;
        var checkpoints = store.GetCheckpoints(district);
        var traffic = store.GetTraffic(district, sinceMs, atMs, beaconWindowMinutes * 60_000L);

        var sections = new List<DistrictSection>();
        foreach (var byDistrict in checkpoints.GroupBy(c => c.District, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var units = byDistrict.GroupBy(c => c.Unit, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Figures(g.Key, g, traffic))
                .ToList();
            var list = byDistrict
                .Select(c => (Checkpoint: c, Traffic: traffic.GetValueOrDefault(c.CheckpointId)))
                .Where(x => x.Traffic is { ScansInWindow: > 0 })
                .OrderByDescending(x => x.Traffic!.ScansInWindow)
                .ThenBy(x => x.Checkpoint.CheckpointId, StringComparer.Ordinal)
                .Select(x => new TrafficCheckpoint(x.Checkpoint.CheckpointId, x.Checkpoint.Name, x.Checkpoint.Unit,
                    x.Traffic!.ScansInWindow, x.Traffic.CheckInsWithBeaconInWindow,
                    WireRules.FormatTimestamp(x.Traffic.LastScanMs ?? 0, offset)))
                .ToList();
            sections.Add(new DistrictSection(byDistrict.Key, Figures(byDistrict.Key, byDistrict, traffic), units, list));
        }
        if (district is not null && sections.Count == 0)
        {
            // A district with nothing registered still gets a (zero) section, so the answer is explicit.
            sections.Add(new DistrictSection(district, new UnitFigures(district, 0, 0, 0, 0, 0, null), [], []));
        }
        return new DistrictReport(
            WireRules.FormatTimestamp(nowMs, offset),
            WireRules.FormatTimestamp(sinceMs, offset),
            WireRules.FormatTimestamp(atMs, offset),
            days,
            beaconWindowMinutes,
            sections);
    }

    private static UnitFigures Figures(string name, IEnumerable<CheckpointRegistration> checkpoints, Dictionary<string, CheckpointTraffic> traffic)
    {
        int registered = 0, withTraffic = 0;
        long total = 0, inWindow = 0, beacon = 0;
        foreach (var c in checkpoints)
        {
            registered++;
            if (traffic.TryGetValue(c.CheckpointId, out var t))
            {
                total += t.ScansTotal;
                inWindow += t.ScansInWindow;
                beacon += t.CheckInsWithBeaconInWindow;
                if (t.ScansInWindow > 0)
                {
                    withTraffic++;
                }
            }
        }
        double? share = inWindow == 0 ? null : Math.Round((double)beacon / inWindow, 4);
        return new UnitFigures(name, registered, total, inWindow, withTraffic, beacon, share);
    }
}
