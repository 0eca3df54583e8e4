namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// The upload circuit breaker; every transition is in this class.
/// Closed --(threshold consecutive failures)--> Open --(open duration elapsed)--> HalfOpen;
/// HalfOpen --(probe succeeds)--> Closed; HalfOpen --(probe fails)--> Open. Thread-safe.
/// </summary>
public sealed class CircuitBreaker
{
    private readonly int _failureThreshold;
    private readonly TimeSpan _openDuration;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil;
    private bool _probeInFlight;

    public CircuitBreaker(int failureThreshold, TimeSpan openDuration, TimeProvider? time = null)
    {
        if (failureThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(failureThreshold));
        }
        if (openDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(openDuration));
        }
        _failureThreshold = failureThreshold;
        _openDuration = openDuration;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised (outside the lock) with (from, to) on every transition.</summary>
    public event Action<CircuitState, CircuitState>? StateChanged;

    /// <summary>The current state; an Open breaker whose period has ended reports HalfOpen.</summary>
    public CircuitState State
    {
        get
        {
            var t = Advance();
            Notify(t);
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public int ConsecutiveFailures
    {
        get
        {
            lock (_lock)
            {
                return _consecutiveFailures;
            }
        }
    }

    /// <summary>Time left in the open period (zero unless Open).</summary>
    public TimeSpan RemainingOpenTime
    {
        get
        {
            var t = Advance();
            Notify(t);
            lock (_lock)
            {
                if (_state != CircuitState.Open)
                {
                    return TimeSpan.Zero;
                }
                var left = _openUntil - _time.GetUtcNow();
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Times the breaker has opened since start.</summary>
    public long OpenCount { get; private set; }

    /// <summary>
    /// Asks to make a call. Closed: yes. Open: no, <paramref name="retryIn"/> = rest of the open period.
    /// HalfOpen: yes for exactly one caller (the probe) until it reports; others wait.
    /// </summary>
    public bool TryAcquire(out TimeSpan retryIn)
    {
        var t = Advance();
        Notify(t);
        lock (_lock)
        {
            switch (_state)
            {
                case CircuitState.Closed:
                    retryIn = TimeSpan.Zero;
                    return true;
                case CircuitState.Open:
                    retryIn = _openUntil - _time.GetUtcNow();
                    if (retryIn < TimeSpan.Zero)
                    {
                        retryIn = TimeSpan.Zero;
                    }
                    return false;
                default:
                    if (_probeInFlight)
                    {
                        retryIn = TimeSpan.FromMilliseconds(100);
                        return false;
                    }
                    _probeInFlight = true;
                    retryIn = TimeSpan.Zero;
                    return true;
            }
        }
    }

    /// <summary>Gives back an acquired call that was not made (nothing to send).</summary>
    public void Release()
    {
        lock (_lock)
        {
            _probeInFlight = false;
        }
    }

    /// <summary>The call reached a healthy server: closes the breaker.</summary>
    public void RecordSuccess()
    {
        (CircuitState, CircuitState)? t = null;
        lock (_lock)
        {
            _consecutiveFailures = 0;
            _probeInFlight = false;
            if (_state != CircuitState.Closed)
            {
                t = (_state, CircuitState.Closed);
                _state = CircuitState.Closed;
            }
        }
        Notify(t);
    }

    /// <summary>The call failed for a transient reason: counts towards opening; a failed probe reopens at once.</summary>
    public void RecordFailure()
    {
        (CircuitState, CircuitState)? t = null;
        lock (_lock)
        {
            _consecutiveFailures++;
            var wasProbe = _state == CircuitState.HalfOpen;
            _probeInFlight = false;
            if (wasProbe || (_state == CircuitState.Closed && _consecutiveFailures >= _failureThreshold))
            {
                t = (_state, CircuitState.Open);
                _state = CircuitState.Open;
                _openUntil = _time.GetUtcNow() + _openDuration;
                OpenCount++;
            }
        }
        Notify(t);
    }

    private (CircuitState, CircuitState)? Advance()
    {
        lock (_lock)
        {
            if (_state == CircuitState.Open && _time.GetUtcNow() >= _openUntil)
            {
                _state = CircuitState.HalfOpen;
                _probeInFlight = false;
                return (CircuitState.Open, CircuitState.HalfOpen);
            }
            return null;
        }
    }

    private void Notify((CircuitState From, CircuitState To)? t)
    {
        if (t is { } x)
        {
            StateChanged?.Invoke(x.From, x.To);
        }
    }
}
