using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// Plays patterns on its own thread. <see cref="Show"/> only stores the request and wakes the thread
/// (an interlocked exchange and an event set), so the verdict path never waits for a LED or a beep.
/// Requests arriving faster than the thread wakes are coalesced: the newest wins, as it would have
/// pre-empted the older one anyway. A failing output is logged once and retried on the next change;
/// it never reaches the caller. Time comes from a <see cref="TimeProvider"/> (the system clock unless a test
/// passes a fake one): the thread sleeps until a timer of that provider wakes it at the next step.
/// </summary>
public sealed class IndicatorPlayer : IObservableIndicator, IDisposable
{
    private const int NoRequest = -1;

    private readonly IIndicatorOutput _output;
    private readonly ILogger _logger;
    private readonly IndicatorSequencer _sequencer;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly AutoResetEvent _wake = new(false);
    private readonly ITimer _timer;
    private readonly Thread _thread;
    private readonly IndicatorStateChange[] _history;
    private readonly object _historyLock = new();
    private int _historyNext;
    private int _historyCount;
    private int _pending = NoRequest;
    private volatile bool _stopping;
    private IndicatorStateChange? _last;
    private bool _outputFailing;

    public IndicatorPlayer(
        IIndicatorOutput output,
        ILogger logger,
        string description = "indicator",
        IReadOnlyDictionary<IndicatorPattern, IndicatorSequence>? patterns = null,
        int historyCapacity = 64,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(historyCapacity);
        _output = output;
        _logger = logger;
        Description = description;
        _time = timeProvider ?? TimeProvider.System;
        _startTimestamp = _time.GetTimestamp();
        _sequencer = new IndicatorSequencer(patterns, NowMs);
        _timer = _time.CreateTimer(static state => ((IndicatorPlayer)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _history = new IndicatorStateChange[historyCapacity];
        _thread = new Thread(Run) { IsBackground = true, Name = "indicator" };
        _thread.Start();
    }

    public event EventHandler<IndicatorStateChange>? StateChanged;

    public string Description { get; }

    public IndicatorState Current => Volatile.Read(ref _last)?.State ?? IndicatorState.Off;

    public void Show(IndicatorPattern pattern)
    {
        if ((uint)pattern > (uint)IndicatorPattern.Offline)
        {
            throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "unknown indicator pattern");
        }

        if (_stopping)
        {
            return;
        }

        Interlocked.Exchange(ref _pending, (int)pattern);
        Wake();
    }

    public IReadOnlyList<IndicatorStateChange> GetHistory()
    {
        lock (_historyLock)
        {
            var result = new IndicatorStateChange[_historyCount];
            var first = (_historyNext - _historyCount + _history.Length) % _history.Length;
            for (var i = 0; i < _historyCount; i++)
            {
                result[i] = _history[(first + i) % _history.Length];
            }

            return result;
        }
    }

    /// <summary>Stops the thread and switches every output off. Does not dispose the output.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Set();
        var joined = _thread.Join(TimeSpan.FromSeconds(5));
        _timer.Dispose();
        if (joined)
        {
            _wake.Dispose();
        }
    }

    private long NowMs => (long)_time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    private void Wake()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the set (or a late timer tick): nothing left to show it.
        }
    }

    private void Run()
    {
        Publish(_sequencer.Current);
        while (!_stopping)
        {
            var now = NowMs;
            var request = Interlocked.Exchange(ref _pending, NoRequest);
            if (request != NoRequest)
            {
                _sequencer.Show((IndicatorPattern)request, now);
            }

            _sequencer.Advance(now);
            Publish(_sequencer.Current);

            var due = _sequencer.NextDueMs;
            if (due == long.MaxValue)
            {
                _wake.WaitOne();
                continue;
            }

            var waitMs = due - NowMs;
            if (waitMs > 0)
            {
                // The timer (not a wait timeout) ends the sleep, so a fake TimeProvider drives the steps in tests.
                try
                {
                    _timer.Change(TimeSpan.FromMilliseconds(waitMs), Timeout.InfiniteTimeSpan);
                }
                catch (ObjectDisposedException)
                {
                    break;
                }

                _wake.WaitOne();
            }
        }

        Publish(IndicatorState.Off);
    }

    private void Publish(IndicatorState state)
    {
        var last = _last;
        if (last is not null && last.State == state)
        {
            return;
        }

        try
        {
            _output.Write(state);
            if (_outputFailing)
            {
                _outputFailing = false;
                _logger.LogInformation("indicator output {Description} works again", Description);
            }
        }
        catch (Exception ex)
        {
            if (!_outputFailing)
            {
                _outputFailing = true;
                _logger.LogWarning(ex, "indicator output {Description} failed; retrying on the next change", Description);
            }
        }

        var change = new IndicatorStateChange(_time.GetUtcNow(), state);
        Volatile.Write(ref _last, change);
        lock (_historyLock)
        {
            _history[_historyNext] = change;
            _historyNext = (_historyNext + 1) % _history.Length;
            _historyCount = Math.Min(_historyCount + 1, _history.Length);
        }

        var handlers = StateChanged;
        if (handlers is null)
        {
            return;
        }

        // One by one, so a throwing subscriber neither stops the player nor starves the others.
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<IndicatorStateChange>)handler)(this, change);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "an indicator StateChanged handler threw");
            }
        }
    }
}
