namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The hardware-free, clock-free heart of the indicator: which step of which pattern is showing at a
/// given time (milliseconds on any monotonic clock). Not thread-safe: <see cref="IndicatorPlayer"/>
/// drives it from its own thread; tests drive it with made-up times.
/// <code>
///   Show(background) ──► background loops ◄──────────────┐
///   Show(one-shot)   ──► one-shot steps ──(last step ends)┘
///   any Show pre-empts whatever is playing
/// </code>
/// </summary>
public sealed class IndicatorSequencer
{
    /// <summary>How far behind the clock the sequencer replays missed steps; beyond it the step restarts now.</summary>
    public const long MaxCatchUpMs = 1000;

    private readonly IReadOnlyDictionary<IndicatorPattern, IndicatorSequence> _patterns;
    private IndicatorPattern _background = IndicatorPattern.Idle;
    private IndicatorPattern _playing;
    private IndicatorSequence _sequence;
    private int _step;
    private long _stepEndsAtMs;

    public IndicatorSequencer(IReadOnlyDictionary<IndicatorPattern, IndicatorSequence>? patterns = null, long nowMs = 0)
    {
        _patterns = patterns ?? IndicatorPatterns.Default;
        foreach (var pattern in Enum.GetValues<IndicatorPattern>())
        {
            if (!_patterns.ContainsKey(pattern))
            {
                throw new ArgumentException($"the pattern table has no sequence for {pattern}", nameof(patterns));
            }
        }

        if (!_patterns[IndicatorPattern.Idle].Repeat)
        {
            throw new ArgumentException("the Idle sequence must repeat: it is the first background pattern", nameof(patterns));
        }

        _sequence = _patterns[IndicatorPattern.Idle];
        Start(IndicatorPattern.Idle, nowMs);
    }

    /// <summary>The pattern that is playing.</summary>
    public IndicatorPattern Playing => _playing;

    /// <summary>The repeating pattern a one-shot pattern falls back to.</summary>
    public IndicatorPattern Background => _background;

    /// <summary>The output levels of the current step.</summary>
    public IndicatorState Current
    {
        get
        {
            var step = _sequence.Steps[_step];
            return new IndicatorState(_playing, step.Green, step.Red, step.Buzzer);
        }
    }

    /// <summary>When the current step ends; <see cref="long.MaxValue"/> for a steady pattern.</summary>
    public long NextDueMs => _stepEndsAtMs;

    /// <summary>Starts <paramref name="pattern"/> at <paramref name="nowMs"/>; a repeating pattern also becomes the background.</summary>
    public void Show(IndicatorPattern pattern, long nowMs)
    {
        if (!_patterns.TryGetValue(pattern, out var sequence))
        {
            throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "unknown indicator pattern");
        }

        if (sequence.Repeat)
        {
            _background = pattern;
        }

        Start(pattern, nowMs);
    }

    /// <summary>Moves through every step that has ended by <paramref name="nowMs"/>. Returns true when the state changed.</summary>
    public bool Advance(long nowMs)
    {
        var before = Current;
        while (_stepEndsAtMs <= nowMs)
        {
            // Steps are timed from when the previous one should have ended, so a late wake-up does not
            // stretch the pattern; after a long stall (suspend, debugger) timing restarts from now.
            var stepStart = nowMs - _stepEndsAtMs > MaxCatchUpMs ? nowMs : _stepEndsAtMs;
            NextStep(stepStart);
        }

        return Current != before;
    }

    private void NextStep(long stepStartMs)
    {
        if (_step + 1 < _sequence.Steps.Count)
        {
            _step++;
            _stepEndsAtMs = stepStartMs + _sequence.Steps[_step].DurationMs;
        }
        else if (_sequence.Repeat)
        {
            _step = 0;
            _stepEndsAtMs = stepStartMs + _sequence.Steps[0].DurationMs;
        }
        else
        {
            Start(_background, stepStartMs);
        }
    }

    private void Start(IndicatorPattern pattern, long startMs)
    {
        _playing = pattern;
        _sequence = _patterns[pattern];
        _step = 0;
        _stepEndsAtMs = _sequence.IsSteady ? long.MaxValue : startMs + _sequence.Steps[0].DurationMs;
    }
}
