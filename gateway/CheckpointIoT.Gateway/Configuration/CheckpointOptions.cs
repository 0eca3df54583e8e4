using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Configuration;

/// <summary>Verdict policy of one checkpoint: config section Gateway:Checkpoints:&lt;checkpointId&gt;.</summary>
public sealed class CheckpointOptions
{
    /// <summary>The kinds accepted when a checkpoint does not list its own.</summary>
    public static readonly IReadOnlyList<QrKind> DefaultAcceptedKinds =
        [QrKind.ChipIdCard, QrKind.UnifiedPersonal, QrKind.HealthInsurance, QrKind.EuDcc, QrKind.NzCovidPass];

    /// <summary>Names of <see cref="QrKind"/> values or aliases CCCD, BHYT, HC1, NZCP, Unified; empty = the defaults.</summary>
    public string[]? AcceptedKinds { get; set; }

    /// <summary>Same identity at the same checkpoint and direction within this many seconds fails as Duplicate; 0 = off.</summary>
    public int DuplicateWindowSeconds { get; set; }

    /// <summary>Largest live occupancy admitted through "in" doors; 0 = no limit.</summary>
    public int Capacity { get; set; }

    /// <summary>"HH:mm-HH:mm" local time (may wrap midnight); empty = always open.</summary>
    public string? OpeningHours { get; set; }

    /// <summary>Fixed UTC offset of the checkpoint, "+07:00".</summary>
    public string TimeZone { get; set; } = "+07:00";

    /// <summary>Parses a kind name or alias; false for anything else.</summary>
    public static bool TryParseKind(string text, out QrKind kind)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "CCCD": kind = QrKind.ChipIdCard; return true;
            case "BHYT": kind = QrKind.HealthInsurance; return true;
            case "HC1": kind = QrKind.EuDcc; return true;
            case "NZCP": kind = QrKind.NzCovidPass; return true;
            case "UNIFIED": kind = QrKind.UnifiedPersonal; return true;
        }

        return Enum.TryParse(text.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);
    }

    internal void Validate(string prefix)
    {
        if (AcceptedKinds is not null)
        {
            foreach (var k in AcceptedKinds)
            {
                if (k is null || !TryParseKind(k, out var kind))
                {
                    throw new GatewayConfigException(prefix + ":AcceptedKinds", $"unknown QR kind '{k}' (use CCCD, Unified, BHYT, HC1, NZCP, VenuePoster or a QrKind name)");
                }

                if (kind is QrKind.Unknown or QrKind.Empty or QrKind.Garbled)
                {
                    throw new GatewayConfigException(prefix + ":AcceptedKinds", $"'{k}' can never be accepted");
                }
            }
        }

        if (DuplicateWindowSeconds is < 0 or > 7 * 86400)
        {
            throw new GatewayConfigException(prefix + ":DuplicateWindowSeconds", $"must be 0..604800 (got {DuplicateWindowSeconds})");
        }

        if (Capacity < 0)
        {
            throw new GatewayConfigException(prefix + ":Capacity", $"must be 0 (no limit) or positive (got {Capacity})");
        }

        if (!string.IsNullOrWhiteSpace(OpeningHours) && !Policy.OpeningHours.TryParse(OpeningHours, out _))
        {
            throw new GatewayConfigException(prefix + ":OpeningHours", $"must look like 07:00-19:00 (got '{OpeningHours}')");
        }

        if (!Policy.OpeningHours.TryParseOffset(TimeZone, out _))
        {
            throw new GatewayConfigException(prefix + ":TimeZone", $"must be a UTC offset like +07:00 (got '{TimeZone}')");
        }
    }
}
