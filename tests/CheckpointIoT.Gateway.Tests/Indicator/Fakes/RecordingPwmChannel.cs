using System.Device.Pwm;

namespace CheckpointIoT.Gateway.Tests.Indicator.Fakes;

/// <summary>A <see cref="PwmChannel"/> that records each start and stop with its time and frequency.</summary>
public sealed class RecordingPwmChannel : PwmChannel
{
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly object _lock = new();
    private readonly List<PwmEvent> _events = [];
    private double _dutyCycle = 0.5;

    public RecordingPwmChannel(TimeProvider? time = null, int frequency = 400)
    {
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        Frequency = frequency;
    }

    public override int Frequency { get; set; }

    public override double DutyCycle
    {
        get => _dutyCycle;
        set => _dutyCycle = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public bool Running { get; private set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<PwmEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.ToArray();
            }
        }
    }

    public override void Start() => Add(true);

    public override void Stop() => Add(false);

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void Add(bool running)
    {
        lock (_lock)
        {
            Running = running;
            _events.Add(new PwmEvent((long)_time.GetElapsedTime(_start).TotalMilliseconds, running, Frequency, _dutyCycle));
        }
    }
}
