namespace CheckpointIoT.ProvincialApi.Reports;

/// <summary>The report figures for one unit or one district (definitions in README.md, "District report").</summary>
internal sealed record UnitFigures(
    string Name,
    int CheckpointsRegistered,
    long ScansTotal,
    long ScansInWindow,
    int CheckpointsWithTraffic,
    long CheckInsWithBeacon,
    double? BeaconShare);
