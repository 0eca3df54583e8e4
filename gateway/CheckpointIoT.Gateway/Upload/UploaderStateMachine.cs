namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// The uploader's states and every transition between them (diagram in README.md). Thread-safe; an impossible
/// transition throws <see cref="InvalidOperationException"/> (a bug, never a network condition).
/// <code>
/// Stopped  --Start-->          Idle
/// Idle     --BeginSend-->      Sending
/// Sending  --Answered-->       Idle        (200/207/409/422/413/400: the server answered about the records)
/// Sending  --Failed-->         BackingOff  (network, timeout, 429, 5xx, 401/403/404)
/// Sending, BackingOff --BreakerOpened/Blocked--> CircuitOpen
/// BackingOff, CircuitOpen --BeginSend--> Sending   (retry of the same batch / the half-open probe)
/// BackingOff, CircuitOpen --Answered-->  Idle      (UploadOnceAsync: the batch in flight was given up, e.g. 400)
/// any      --Stop-->           Stopped
/// </code>
/// </summary>
public sealed class UploaderStateMachine
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private UploaderState _state = UploaderState.Stopped;
    private DateTimeOffset _since;
    private long _transitions;

    public UploaderStateMachine(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _since = _time.GetUtcNow();
    }

    /// <summary>Raised after every transition with (from, to), outside the lock.</summary>
    public event Action<UploaderState, UploaderState>? StateChanged;

    public UploaderState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>When the current state was entered.</summary>
    public DateTimeOffset Since
    {
        get
        {
            lock (_lock)
            {
                return _since;
            }
        }
    }

    /// <summary>Transitions made so far (for tests and the log).</summary>
    public long Transitions => Interlocked.Read(ref _transitions);

    /// <summary>RunAsync began.</summary>
    public void Start() => Move(UploaderState.Idle, UploaderState.Stopped, UploaderState.Idle);

    /// <summary>An attempt starts (first send, retry after a backoff, or the breaker's half-open probe).</summary>
    public void BeginSend() => Move(UploaderState.Sending, UploaderState.Stopped, UploaderState.Idle, UploaderState.BackingOff, UploaderState.CircuitOpen);

    /// <summary>The province answered about the records, or the batch was given up (nothing left in flight).</summary>
    public void Answered() => Move(UploaderState.Idle, UploaderState.Sending, UploaderState.BackingOff, UploaderState.CircuitOpen, UploaderState.Idle);

    /// <summary>A transient failure: the same batch waits for its retry delay.</summary>
    public void Failed() => Move(UploaderState.BackingOff, UploaderState.Sending, UploaderState.BackingOff);

    /// <summary>The breaker opened, or refused an attempt because it is open.</summary>
    public void Blocked() => Move(UploaderState.CircuitOpen, UploaderState.Stopped, UploaderState.Idle, UploaderState.Sending, UploaderState.BackingOff, UploaderState.CircuitOpen);

    /// <summary>RunAsync returned (cancelled).</summary>
    public void Stop() => Move(UploaderState.Stopped, UploaderState.Stopped, UploaderState.Idle, UploaderState.Sending, UploaderState.BackingOff, UploaderState.CircuitOpen);

    private void Move(UploaderState to, params UploaderState[] allowedFrom)
    {
        UploaderState from;
        lock (_lock)
        {
            from = _state;
            if (Array.IndexOf(allowedFrom, from) < 0)
            {
                throw new InvalidOperationException($"uploader state {from} -> {to} is not a valid transition");
            }
            if (from == to)
            {
                return;
            }
            _state = to;
            _since = _time.GetUtcNow();
            Interlocked.Increment(ref _transitions);
        }
        StateChanged?.Invoke(from, to);
    }
}
