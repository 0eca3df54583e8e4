using CheckpointIoT.Gateway.Indicator;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class IndicatorSequencerTests
{
    [Fact]
    public void Constructor_Default_StartsIdleAndSteady()
    {
        var sequencer = new IndicatorSequencer();

        Assert.Equal(IndicatorState.Off, sequencer.Current);
        Assert.Equal(long.MaxValue, sequencer.NextDueMs);
    }

    [Fact]
    public void Show_Pass_GreenWithOneShortBeepThenIdle()
    {
        var sequencer = new IndicatorSequencer();

        sequencer.Show(IndicatorPattern.Pass, 1000);
        var timeline = Play(sequencer, 1000, 5000);

        Assert.Equal(
            [
                (1000L, new IndicatorState(IndicatorPattern.Pass, true, false, true)),
                (1100L, new IndicatorState(IndicatorPattern.Pass, true, false, false)),
                (2000L, IndicatorState.Off),
            ],
            timeline);
    }

    [Fact]
    public void Show_Fail_RedForTwoSecondsWithThreeBeeps()
    {
        var sequencer = new IndicatorSequencer();

        sequencer.Show(IndicatorPattern.Fail, 0);
        var timeline = Play(sequencer, 0, 10_000);
        var failPart = timeline.Where(t => t.State.Pattern == IndicatorPattern.Fail).ToList();

        Assert.All(failPart, t => Assert.True(t.State.Red && !t.State.Green));
        Assert.Equal(3, CountRisingEdges(failPart.Select(t => t.State.Buzzer)));
        Assert.Equal((2000L, IndicatorState.Off), timeline[^1]);
    }

    [Fact]
    public void Show_Error_BlinksRedWithOneLongBeep()
    {
        var sequencer = new IndicatorSequencer();

        sequencer.Show(IndicatorPattern.Error, 0);
        var timeline = Play(sequencer, 0, 10_000);
        var errorPart = timeline.Where(t => t.State.Pattern == IndicatorPattern.Error).ToList();
        var beepEnds = errorPart.First(t => !t.State.Buzzer).AtMs;

        Assert.Equal(1, CountRisingEdges(errorPart.Select(t => t.State.Buzzer)));
        Assert.True(beepEnds >= 1000, $"the error beep should be long, ended at {beepEnds} ms");
        Assert.True(CountRisingEdges(errorPart.Select(t => t.State.Red)) >= 3, "red should blink");
        Assert.Equal(IndicatorState.Off, timeline[^1].State);
    }

    [Fact]
    public void Show_Offline_RepeatsUntilReplaced()
    {
        var sequencer = new IndicatorSequencer();

        sequencer.Show(IndicatorPattern.Offline, 0);
        var timeline = Play(sequencer, 0, 10_000);
        var flashes = timeline.Where(t => t.State.Red).Select(t => t.AtMs).ToList();

        Assert.All(timeline, t => Assert.Equal(IndicatorPattern.Offline, t.State.Pattern));
        Assert.Equal([0L, 2000L, 4000L, 6000L, 8000L, 10_000L], flashes);
        Assert.Equal(IndicatorPattern.Offline, sequencer.Background);
    }

    [Fact]
    public void Show_OneShotWhileOffline_ReturnsToOfflineWhenDone()
    {
        var sequencer = new IndicatorSequencer();
        sequencer.Show(IndicatorPattern.Offline, 0);

        sequencer.Show(IndicatorPattern.Pass, 500);
        Play(sequencer, 500, 1400);
        Assert.Equal(IndicatorPattern.Pass, sequencer.Playing);
        Play(sequencer, 1400, 1500);

        Assert.Equal(IndicatorPattern.Offline, sequencer.Playing);
        Assert.True(sequencer.Current.Red, "Offline starts with its red flash");
    }

    [Fact]
    public void Show_NewerPatternDuringOneShot_PreemptsAtOnce()
    {
        var sequencer = new IndicatorSequencer();
        sequencer.Show(IndicatorPattern.Fail, 0);
        Play(sequencer, 0, 150);

        sequencer.Show(IndicatorPattern.Pass, 150);
        Assert.Equal(new IndicatorState(IndicatorPattern.Pass, true, false, true), sequencer.Current);
        var timeline = Play(sequencer, 150, 10_000);

        Assert.DoesNotContain(timeline, t => t.State.Pattern == IndicatorPattern.Fail);
        Assert.Equal((1150L, IndicatorState.Off), timeline[^1]);
    }

    [Fact]
    public void Show_IdleDuringOneShot_ClearsAtOnceAndBecomesBackground()
    {
        var sequencer = new IndicatorSequencer();
        sequencer.Show(IndicatorPattern.Offline, 0);
        sequencer.Show(IndicatorPattern.Fail, 10);

        sequencer.Show(IndicatorPattern.Idle, 20);

        Assert.Equal(IndicatorState.Off, sequencer.Current);
        Assert.Equal(IndicatorPattern.Idle, sequencer.Background);
        Assert.Equal(long.MaxValue, sequencer.NextDueMs);
    }

    [Fact]
    public void Show_SamePatternAgain_RestartsIt()
    {
        var sequencer = new IndicatorSequencer();
        sequencer.Show(IndicatorPattern.Pass, 0);
        sequencer.Advance(900);

        sequencer.Show(IndicatorPattern.Pass, 900);

        Assert.True(sequencer.Current.Buzzer, "a new pass verdict beeps again");
        Assert.Equal(1000, sequencer.NextDueMs);
    }

    [Fact]
    public void Advance_LateWakeUp_KeepsThePatternLength()
    {
        var sequencer = new IndicatorSequencer();
        sequencer.Show(IndicatorPattern.Pass, 0);

        var changed = sequencer.Advance(950);

        Assert.True(changed);
        Assert.Equal(new IndicatorState(IndicatorPattern.Pass, true, false, false), sequencer.Current);
        Assert.Equal(1000, sequencer.NextDueMs);
    }

    [Fact]
    public void Advance_LongStall_RestartsTimingFromNow()
    {
        var sequencer = new IndicatorSequencer();
        sequencer.Show(IndicatorPattern.Offline, 0);

        sequencer.Advance(50_000_000);

        Assert.Equal(IndicatorPattern.Offline, sequencer.Playing);
        Assert.True(sequencer.NextDueMs > 50_000_000);
    }

    [Fact]
    public void Advance_BeforeStepEnds_ReportsNoChange()
    {
        var sequencer = new IndicatorSequencer();
        sequencer.Show(IndicatorPattern.Fail, 0);

        Assert.False(sequencer.Advance(99));
        Assert.True(sequencer.Advance(100));
    }

    [Fact]
    public void Constructor_TableWithoutAPattern_Throws()
    {
        var table = IndicatorPatterns.Default.Where(p => p.Key != IndicatorPattern.Error).ToDictionary();

        var ex = Assert.Throws<ArgumentException>(() => new IndicatorSequencer(table));

        Assert.Contains("Error", ex.Message);
    }

    [Fact]
    public void Constructor_IdleThatDoesNotRepeat_Throws()
    {
        var table = IndicatorPatterns.Default.ToDictionary();
        table[IndicatorPattern.Idle] = new IndicatorSequence(false, new IndicatorStep(false, false, false, 10));

        Assert.Throws<ArgumentException>(() => new IndicatorSequencer(table));
    }

    [Fact]
    public void IndicatorSequence_DefaultStep_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new IndicatorSequence(true, default(IndicatorStep)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndicatorStep(true, false, false, 0));
    }

    [Theory]
    [InlineData(IndicatorPattern.Pass, 1000)]
    [InlineData(IndicatorPattern.Fail, 2000)]
    [InlineData(IndicatorPattern.Error, 3000)]
    [InlineData(IndicatorPattern.Offline, 2000)]
    public void DefaultPatterns_Length_MatchesReadme(IndicatorPattern pattern, long totalMs)
    {
        Assert.Equal(totalMs, IndicatorPatterns.Default[pattern].TotalMs);
    }

    /// <summary>Steps the sequencer from one due time to the next and returns (time, state) at each change, starting with the state at <paramref name="fromMs"/>.</summary>
    private static List<(long AtMs, IndicatorState State)> Play(IndicatorSequencer sequencer, long fromMs, long untilMs)
    {
        var timeline = new List<(long, IndicatorState)> { (fromMs, sequencer.Current) };
        while (sequencer.NextDueMs <= untilMs)
        {
            var at = sequencer.NextDueMs;
            if (sequencer.Advance(at))
            {
                timeline.Add((at, sequencer.Current));
            }
        }

        return timeline;
    }

    private static int CountRisingEdges(IEnumerable<bool> levels)
    {
        var count = 0;
        var previous = false;
        foreach (var level in levels)
        {
            if (level && !previous)
            {
                count++;
            }

            previous = level;
        }

        return count;
    }
}
