using System.Device.Gpio;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Tests.Indicator.Fakes;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CheckpointIoT.Gateway.Tests.Indicator;

/// <summary>
/// The whole GPIO indicator (player + <see cref="GpioIndicatorOutput"/>) on a recording <see cref="GpioDriver"/> and a
/// recording PWM channel, on fake time: every pin write and every PWM start/stop is checked, with its time, against
/// the steps of <see cref="IndicatorPatterns"/>. The test moves the clock to each step boundary and waits for the
/// player thread to write before moving on, so the times are exact.
/// </summary>
public class GpioIndicatorTests
{
    private const int Green = 17;
    private const int Red = 27;
    private const int BuzzerLine = 18;

    [Theory]
    [InlineData(IndicatorPattern.Pass)]
    [InlineData(IndicatorPattern.Fail)]
    [InlineData(IndicatorPattern.Error)]
    public void Show_OneShotPattern_WritesItsStepsOnTimeThenIdle(IndicatorPattern pattern)
    {
        using var rig = new Rig();
        var sequence = IndicatorPatterns.Default[pattern];
        var expected = Expected(sequence, 0, sequence.TotalMs);

        var actual = rig.Play(pattern, expected);
        rig.AdvanceTo(sequence.TotalMs);

        Assert.Equal(expected, actual);
        Assert.True(SpinWait.SpinUntil(() => rig.Indicator.Current == IndicatorState.Off, 20_000), "back to idle when the pattern ends");
        Assert.All(rig.Pwm.Events.Skip(1), e => Assert.Equal((2000, 0.5), (e.FrequencyHz, e.DutyCycle)));
    }

    [Fact]
    public void Show_Pass_GreenOneSecondWithOneHundredMillisecondBeep()
    {
        using var rig = new Rig();
        var expected = new List<Change> { new(0, "green", true), new(0, "buzzer", true), new(100, "buzzer", false), new(1000, "green", false) };

        var actual = rig.Play(IndicatorPattern.Pass, expected);

        // Written out by hand as well, so a wrong pattern table cannot pass by generating its own expectation.
        Assert.Equal(expected, actual);
        var history = rig.Indicator.GetHistory();
        Assert.Equal(rig.StartedAt + TimeSpan.FromSeconds(1), history[^1].At);
        Assert.Equal(IndicatorState.Off, history[^1].State);
    }

    [Fact]
    public void Show_Offline_FlashesRedEveryTwoSecondsSilently()
    {
        using var rig = new Rig();
        var expected = Expected(IndicatorPatterns.Offline, 0, 6000);

        var actual = rig.Play(IndicatorPattern.Offline, expected);

        Assert.Equal(expected, actual);
        Assert.Equal([0L, 2000L, 4000L, 6000L], actual.Where(c => c.Output == "red" && c.On).Select(c => c.AtMs));
        Assert.DoesNotContain(actual, c => c.Output != "red");
    }

    [Fact]
    public void Show_PassWhileOffline_ReturnsToOfflineWhenPassEnds()
    {
        using var rig = new Rig();
        rig.Play(IndicatorPattern.Offline, [new(0, "red", true), new(100, "red", false)]);
        rig.AdvanceTo(500);
        var expected = new List<Change>
        {
            new(500, "green", true), new(500, "buzzer", true), new(600, "buzzer", false),
            new(1500, "green", false), new(1500, "red", true), new(1600, "red", false),
        };

        var actual = rig.Play(IndicatorPattern.Pass, expected);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Show_PassDuringFail_PreemptsAtOnce()
    {
        using var rig = new Rig();
        rig.Play(IndicatorPattern.Fail, [new(0, "red", true), new(0, "buzzer", true), new(100, "buzzer", false)]);
        rig.AdvanceTo(150);
        var expected = new List<Change>
        {
            new(150, "green", true), new(150, "red", false), new(150, "buzzer", true),
            new(250, "buzzer", false), new(1150, "green", false),
        };

        var actual = rig.Play(IndicatorPattern.Pass, expected);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Show_FailWithOnOffBuzzer_SwitchesTheBuzzerLine()
    {
        using var rig = new Rig(pwmBuzzer: false);
        var expected = Expected(IndicatorPatterns.Fail, 0, 2000);

        var actual = rig.Play(IndicatorPattern.Fail, expected);

        Assert.Equal(expected, actual);
        Assert.Equal(3, rig.Driver.Writes.Count(w => w.Pin == BuzzerLine && w.High));
    }

    [Fact]
    public void Show_PassActiveLow_DrivesTheLedLinesInverted()
    {
        using var rig = new Rig(activeLow: true);
        var expected = Expected(IndicatorPatterns.Pass, 0, 1000);

        var actual = rig.Play(IndicatorPattern.Pass, expected);

        Assert.Equal(expected, actual);
        var greenWrites = rig.Driver.Writes.Where(w => w.Pin == Green).ToList();
        Assert.Equal([true, false, true], greenWrites.Select(w => w.High));
        Assert.Contains($"mode {Green} Output High", rig.Driver.Events);
        Assert.Equal([true, false], rig.Pwm.Events.Skip(1).Select(e => e.Running));
    }

    [Fact]
    public void Dispose_WhilePlaying_SilencesAndReleasesEverything()
    {
        var rig = new Rig();
        rig.Play(IndicatorPattern.Error, [new(0, "red", true), new(0, "buzzer", true)]);

        rig.Dispose();

        Assert.False(rig.Pwm.Running);
        Assert.True(rig.Pwm.Disposed);
        Assert.True(rig.Driver.Disposed);
        Assert.Contains($"close {Red}", rig.Driver.Events);
        Assert.False(rig.Driver.Writes.Last(w => w.Pin == Red).High);
    }

    /// <summary>What the outputs must do for <paramref name="sequence"/> started at <paramref name="startMs"/>, up to <paramref name="untilMs"/>.</summary>
    private static List<Change> Expected(IndicatorSequence sequence, long startMs, long untilMs)
    {
        var changes = new List<Change>();
        var previous = new IndicatorStep(false, false, false, 1);
        var at = startMs;
        do
        {
            foreach (var step in sequence.Steps)
            {
                if (at > untilMs)
                {
                    return changes;
                }

                AddDiff(changes, at, previous, step);
                previous = step;
                at += step.DurationMs;
            }
        }
        while (sequence.Repeat && at <= untilMs);

        if (!sequence.Repeat && at <= untilMs)
        {
            AddDiff(changes, at, previous, new IndicatorStep(false, false, false, 1));
        }

        return changes;
    }

    private static void AddDiff(List<Change> changes, long at, IndicatorStep from, IndicatorStep to)
    {
        if (from.Green != to.Green)
        {
            changes.Add(new Change(at, "green", to.Green));
        }

        if (from.Red != to.Red)
        {
            changes.Add(new Change(at, "red", to.Red));
        }

        if (from.Buzzer != to.Buzzer)
        {
            changes.Add(new Change(at, "buzzer", to.Buzzer));
        }
    }

    private readonly record struct Change(long AtMs, string Output, bool On)
    {
        public override string ToString() => $"{AtMs}ms {Output} {(On ? "on" : "off")}";
    }

    private sealed class Rig : IDisposable
    {
        private readonly bool _activeLow;
        private int _driverSeen;
        private int _pwmSeen = 1; // the channel's initial stop, made when the buzzer is built

        public Rig(bool pwmBuzzer = true, bool activeLow = false)
        {
            _activeLow = activeLow;
            StartedAt = Time.GetUtcNow();
            Driver = new RecordingGpioDriver(Time);
            Pwm = new RecordingPwmChannel(Time);
            var options = new GpioIndicatorOptions { GreenLine = Green, RedLine = Red, BuzzerLine = BuzzerLine, ActiveLow = activeLow };
            var output = new GpioIndicatorOutput(
                new GpioController(Driver), options, pwmBuzzer ? IndicatorBuzzer.OnChannel(Pwm, 2000) : null);
            Indicator = new GpioIndicator(output, new FakeLogger(), timeProvider: Time);

            // The player switches everything off when it starts: the two LEDs (a PWM buzzer is already stopped).
            _driverSeen = Driver.WaitUntil(w => w.Count >= (pwmBuzzer ? 2 : 3)).Count;
        }

        public FakeTimeProvider Time { get; } = new();

        /// <summary>The fake wall-clock time at 0 ms (the dashboard's history is stamped on the same provider).</summary>
        public DateTimeOffset StartedAt { get; }

        public RecordingGpioDriver Driver { get; }

        public RecordingPwmChannel Pwm { get; }

        public GpioIndicator Indicator { get; }

        public long NowMs { get; private set; }

        public void AdvanceTo(long ms)
        {
            Time.Advance(TimeSpan.FromMilliseconds(ms - NowMs));
            NowMs = ms;
        }

        /// <summary>Shows <paramref name="pattern"/> now, then moves the clock to each expected change and waits for it.</summary>
        public List<Change> Play(IndicatorPattern pattern, IReadOnlyList<Change> expected)
        {
            Indicator.Show(pattern);
            foreach (var at in expected.Select(c => c.AtMs).Distinct().Order())
            {
                AdvanceTo(at);
                WaitForCount(expected.Count(c => c.AtMs <= at));
            }

            var played = Since();
            _driverSeen = Driver.Writes.Count;
            _pwmSeen = Pwm.Events.Count;
            return played;
        }

        public void Dispose() => Indicator.Dispose();

        private void WaitForCount(int count)
        {
            var deadline = Environment.TickCount64 + 20_000;
            while (Since().Count < count)
            {
                if (Environment.TickCount64 > deadline)
                {
                    Assert.Fail($"expected {count} output changes by {NowMs} ms, got: " + string.Join(" | ", Since()));
                }

                Thread.Sleep(1);
            }
        }

        /// <summary>Pin writes and PWM starts/stops since the last <see cref="Play"/> as logical changes, in time and write order.</summary>
        private List<Change> Since()
        {
            var order = new Dictionary<string, int> { ["green"] = 0, ["red"] = 1, ["buzzer"] = 2 };
            var pins = Driver.Writes.Skip(_driverSeen).Select(w => new Change(w.AtMs, Name(w.Pin), w.High != _activeLow));
            var pwm = Pwm.Events.Skip(_pwmSeen).Select(e => new Change(e.AtMs, "buzzer", e.Running));
            return pins.Concat(pwm).OrderBy(c => c.AtMs).ThenBy(c => order[c.Output]).ToList();
        }

        private static string Name(int pin) => pin switch
        {
            Green => "green",
            Red => "red",
            BuzzerLine => "buzzer",
            _ => throw new InvalidOperationException($"write to unexpected line {pin}"),
        };
    }
}
