namespace CheckpointIoT.ProvincialApi.Reports;

/// <summary>GET /v1/reports/district: the figures the directives ask of each district.</summary>
internal sealed record DistrictReport(
    string GeneratedAt,
    string WindowStart,
    string WindowEnd,
    int WindowDays,
    int BeaconWindowMinutes,
    IReadOnlyList<DistrictSection> Districts);
