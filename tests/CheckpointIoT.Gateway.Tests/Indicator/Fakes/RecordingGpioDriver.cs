using System.Device.Gpio;

namespace CheckpointIoT.Gateway.Tests.Indicator.Fakes;

/// <summary>
/// A <see cref="GpioDriver"/> that records every pin write with its time on a <see cref="TimeProvider"/>
/// (milliseconds since the driver was made), plus opens, modes and closes. Fault injection: lines that are
/// "busy" (SetPinMode throws as the libgpiod drivers do) and a number of failing writes.
/// </summary>
public sealed class RecordingGpioDriver : GpioDriver
{
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly object _lock = new();
    private readonly List<PinWrite> _writes = [];
    private readonly List<string> _events = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly HashSet<int> _busy;
    private int _failingWrites;

    public RecordingGpioDriver(TimeProvider? time = null, int pinCount = 54, IEnumerable<int>? busyLines = null)
    {
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        LineCount = pinCount;
        _busy = [.. busyLines ?? []];
    }

    public int LineCount { get; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<PinWrite> Writes
    {
        get
        {
            lock (_lock)
            {
                return _writes.ToArray();
            }
        }
    }

    /// <summary>"open 17", "mode 17 Output Low", "close 17" in call order.</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.ToArray();
            }
        }
    }

    protected override int PinCount => LineCount;

    /// <summary>The next <paramref name="count"/> writes throw an IOException.</summary>
    public void FailNextWrites(int count)
    {
        lock (_lock)
        {
            _failingWrites = count;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the writes; fails the test after a generous timeout.</summary>
    public IReadOnlyList<PinWrite> WaitUntil(Func<IReadOnlyList<PinWrite>, bool> condition, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        lock (_lock)
        {
            while (!condition(_writes))
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    Assert.Fail("the driver never saw the expected writes; writes: " + string.Join(" | ", _writes));
                }

                Monitor.Wait(_lock, (int)left);
            }

            return _writes.ToArray();
        }
    }

    protected override void OpenPin(int pinNumber) => Record($"open {pinNumber}");

    protected override void ClosePin(int pinNumber) => Record($"close {pinNumber}");

    protected override void SetPinMode(int pinNumber, PinMode mode) => SetPinMode(pinNumber, mode, PinValue.Low);

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        if (_busy.Contains(pinNumber))
        {
            // What LibGpiodDriver throws when gpiod_line_request_output fails with EBUSY.
            throw new IOException($"Error setting pin mode, for pin: {pinNumber}, error: 16 (Device or resource busy)");
        }

        lock (_lock)
        {
            _levels[pinNumber] = initialValue;
            _events.Add($"mode {pinNumber} {mode} {initialValue}");
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => PinMode.Output;

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode == PinMode.Output;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return _levels.GetValueOrDefault(pinNumber, PinValue.Low);
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            if (_failingWrites > 0)
            {
                _failingWrites--;
                throw new IOException("injected GPIO write failure");
            }

            _levels[pinNumber] = value;
            _writes.Add(new PinWrite((long)_time.GetElapsedTime(_start).TotalMilliseconds, pinNumber, value == PinValue.High));
            Monitor.PulseAll(_lock);
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the indicator only writes");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the indicator only writes");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the indicator only writes");

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void Record(string entry)
    {
        lock (_lock)
        {
            _events.Add(entry);
        }
    }
}
