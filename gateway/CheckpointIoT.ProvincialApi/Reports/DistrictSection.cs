namespace CheckpointIoT.ProvincialApi.Reports;

/// <summary>One district of the report: its totals, one row per unit, and the checkpoints with traffic.</summary>
internal sealed record DistrictSection(
    string District,
    UnitFigures Totals,
    IReadOnlyList<UnitFigures> Units,
    IReadOnlyList<TrafficCheckpoint> CheckpointsWithTrafficList);
