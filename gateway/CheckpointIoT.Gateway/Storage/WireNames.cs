using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Storage;

/// <summary>The lower-case names the provincial API and the admin API use for wire enums.</summary>
public static class WireNames
{
    /// <summary>"in" or "out" (a node without a direction counts as "in").</summary>
    public static string Direction(DoorDirection d) => d == DoorDirection.Out ? "out" : "in";

    public static bool TryParseDirection(string? s, out DoorDirection d)
    {
        d = s switch { "in" => DoorDirection.In, "out" => DoorDirection.Out, _ => DoorDirection.None };
        return d != DoorDirection.None;
    }

    /// <summary>cccd, unified, bhyt, hc1, nzcp, venue or unknown.</summary>
    public static string QrKind(QrKind k) => k switch
    {
        Node.Core.Wire.QrKind.ChipIdCard => "cccd",
        Node.Core.Wire.QrKind.UnifiedPersonal => "unified",
        Node.Core.Wire.QrKind.HealthInsurance => "bhyt",
        Node.Core.Wire.QrKind.EuDcc => "hc1",
        Node.Core.Wire.QrKind.NzCovidPass => "nzcp",
        Node.Core.Wire.QrKind.VenuePoster => "venue",
        _ => "unknown",
    };

    /// <summary>snake_case of the reason code ("ok", "kind_not_accepted", ...).</summary>
    public static string Reason(ReasonCode r) => r switch
    {
        ReasonCode.Ok => "ok",
        ReasonCode.Unrecognised => "unrecognised",
        ReasonCode.Empty => "empty",
        ReasonCode.Garbled => "garbled",
        ReasonCode.Denied => "denied",
        ReasonCode.Duplicate => "duplicate",
        ReasonCode.Closed => "closed",
        ReasonCode.Full => "full",
        ReasonCode.KindNotAccepted => "kind_not_accepted",
        ReasonCode.Expired => "expired",
        ReasonCode.OfflineFallback => "offline_fallback",
        ReasonCode.NodeDisabled => "node_disabled",
        _ => "internal_error",
    };

    /// <summary>gaen, bluezone, bluetrace, ibeacon, eddystone or other.</summary>
    public static string Beacon(BeaconType t) => t switch
    {
        BeaconType.Gaen => "gaen",
        BeaconType.BluezoneAndroid or BeaconType.BluezoneIos or BeaconType.BluezoneV1 => "bluezone",
        BeaconType.BlueTrace => "bluetrace",
        BeaconType.IBeacon => "ibeacon",
        BeaconType.Eddystone => "eddystone",
        _ => "other",
    };

    public static string Scanner(ScannerHealth s) => s switch
    {
        ScannerHealth.Ok => "ok",
        ScannerHealth.NotResponding => "not_responding",
        ScannerHealth.ConfigFailed => "config_failed",
        _ => "unknown",
    };
}
