using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Policy;

/// <summary>A checkpoint's validated policy options in the form the evaluator uses.</summary>
public sealed class CheckpointPolicy
{
    private readonly bool[] _accepted = new bool[16];

    public CheckpointPolicy(CheckpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AcceptedKinds = GatewayOptions.ParseKinds(options.AcceptedKinds);
        foreach (var k in AcceptedKinds)
        {
            _accepted[(int)k] = true;
        }

        DuplicateWindowMs = options.DuplicateWindowSeconds * 1000L;
        Capacity = options.Capacity;
        Hours = OpeningHours.TryParse(options.OpeningHours, out var h) ? h : null;
        Offset = OpeningHours.TryParseOffset(options.TimeZone, out var o) ? o : TimeSpan.Zero;
    }

    public IReadOnlyList<QrKind> AcceptedKinds { get; }

    public long DuplicateWindowMs { get; }

    /// <summary>0 = no limit.</summary>
    public int Capacity { get; }

    /// <summary>Null = always open.</summary>
    public OpeningHours? Hours { get; }

    public TimeSpan Offset { get; }

    public bool Accepts(QrKind kind) => (int)kind >= 0 && (int)kind < _accepted.Length && _accepted[(int)kind];

    /// <summary>Local calendar day number of <paramref name="utcMs"/> (occupancy resets when it changes).</summary>
    public long LocalDay(long utcMs) => (utcMs + (long)Offset.TotalMilliseconds) / 86_400_000L;
}
