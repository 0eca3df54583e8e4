namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The steps of one pattern. A repeating sequence is a background pattern: it loops until replaced and
/// is what a one-shot sequence falls back to when it ends. A repeating sequence of one step is steady.
/// </summary>
public sealed class IndicatorSequence
{
    private readonly IndicatorStep[] _steps;

    public IndicatorSequence(bool repeat, params IndicatorStep[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length == 0)
        {
            throw new ArgumentException("a sequence needs at least one step", nameof(steps));
        }

        foreach (var step in steps)
        {
            if (step.DurationMs <= 0)
            {
                throw new ArgumentException("every step needs a positive duration", nameof(steps));
            }
        }

        Repeat = repeat;
        _steps = (IndicatorStep[])steps.Clone();
        TotalMs = _steps.Sum(s => (long)s.DurationMs);
    }

    public bool Repeat { get; }

    public IReadOnlyList<IndicatorStep> Steps => _steps;

    /// <summary>Length of one pass through the steps.</summary>
    public long TotalMs { get; }

    /// <summary>True when the sequence never changes the outputs once started.</summary>
    public bool IsSteady => Repeat && _steps.Length == 1;
}
