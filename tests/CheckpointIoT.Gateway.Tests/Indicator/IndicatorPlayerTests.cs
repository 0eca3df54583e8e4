using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Tests.Indicator.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class IndicatorPlayerTests
{
    private static readonly IndicatorState PassBeep = new(IndicatorPattern.Pass, true, false, true);
    private static readonly IndicatorState PassGreen = new(IndicatorPattern.Pass, true, false, false);

    [Fact]
    public void Constructor_Started_SwitchesOutputsOff()
    {
        var output = new RecordingIndicatorOutput();
        using var player = new IndicatorPlayer(output, new FakeLogger());

        var writes = output.WaitUntil(w => w.Count >= 1);

        Assert.Equal(IndicatorState.Off, writes[0]);
    }

    [Fact]
    public void Show_Pass_OutputPlaysPassStepsThenIdle()
    {
        var output = new RecordingIndicatorOutput();
        using var player = new IndicatorPlayer(output, new FakeLogger());

        player.Show(IndicatorPattern.Pass);
        var writes = output.WaitUntil(w => w.Count >= 3 && w[^1] == IndicatorState.Off);

        // The exact step timeline is the sequencer's (tested there with made-up times); a thread woken
        // late may skip a step it has overslept, so only the order is checked here.
        Assert.Equal(IndicatorState.Off, writes[0]);
        Assert.Equal(PassBeep, writes[1]);
        Assert.All(writes.Skip(2).SkipLast(1), s => Assert.Equal(PassGreen, s));
    }

    [Fact]
    public void Show_NewerPattern_PreemptsTheOlderOne()
    {
        var table = IndicatorPatterns.Default.ToDictionary();
        table[IndicatorPattern.Error] = new IndicatorSequence(
            false,
            new IndicatorStep(false, true, true, 600_000),
            new IndicatorStep(false, false, true, 600_000));
        var output = new RecordingIndicatorOutput();
        using var player = new IndicatorPlayer(output, new FakeLogger(), patterns: table);

        player.Show(IndicatorPattern.Error);
        output.WaitUntil(w => w.Any(s => s.Pattern == IndicatorPattern.Error));
        player.Show(IndicatorPattern.Pass);
        var writes = output.WaitUntil(w => w.Count > 0 && w[^1] == IndicatorState.Off && w.Contains(PassBeep));

        var firstPass = writes.ToList().IndexOf(PassBeep);
        Assert.True(firstPass > 0, "pass should start: " + string.Join(" | ", writes));
        Assert.DoesNotContain(writes.Skip(firstPass), s => s.Pattern == IndicatorPattern.Error);
        Assert.Single(writes, s => s.Pattern == IndicatorPattern.Error);
    }

    [Fact]
    public void Show_WhileOutputStalls_ReturnsAndPlaysWhenOutputRecovers()
    {
        var output = new BlockingIndicatorOutput();
        using var player = new IndicatorPlayer(output, new FakeLogger());
        Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(20)), "the player thread should be writing");

        // The player thread is stuck in the output: Show must still return.
        player.Show(IndicatorPattern.Fail);
        player.Show(IndicatorPattern.Pass);
        output.Open();
        var writes = output.Recorder.WaitUntil(w => w.Count > 0 && w[^1] == IndicatorState.Off && w.Contains(PassBeep));

        Assert.DoesNotContain(writes, s => s.Pattern == IndicatorPattern.Fail);
    }

    [Fact]
    public void Show_OutputThrows_LogsOnceAndKeepsPlaying()
    {
        var output = new FailingIndicatorOutput(failures: 2);
        var logger = new FakeLogger();
        using var player = new IndicatorPlayer(output, logger);

        player.Show(IndicatorPattern.Pass);
        var writes = output.Recorder.WaitUntil(w => w.Count > 0 && w[^1] == IndicatorState.Off);

        Assert.Contains(writes, s => s.Pattern == IndicatorPattern.Pass);
        Assert.Single(logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning);
        Assert.Contains(logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Information && e.Message.Contains("works again"));
    }

    [Fact]
    public void Show_UnknownPattern_Throws()
    {
        using var player = new IndicatorPlayer(new RecordingIndicatorOutput(), new FakeLogger());

        Assert.Throws<ArgumentOutOfRangeException>(() => player.Show((IndicatorPattern)42));
    }

    [Fact]
    public void Dispose_WhilePlaying_SwitchesOutputsOffAndIgnoresLaterShows()
    {
        var output = new RecordingIndicatorOutput();
        var player = new IndicatorPlayer(output, new FakeLogger());
        player.Show(IndicatorPattern.Fail);
        output.WaitUntil(w => w.Any(s => s.Pattern == IndicatorPattern.Fail));

        player.Dispose();
        var countAfterDispose = output.Writes.Count;
        player.Show(IndicatorPattern.Pass);

        Assert.Equal(IndicatorState.Off, output.Writes[^1]);
        Assert.Equal(countAfterDispose, output.Writes.Count);
    }

    [Fact]
    public void GetHistory_MoreChangesThanCapacity_KeepsTheNewestInOrder()
    {
        using var player = new IndicatorPlayer(new RecordingIndicatorOutput(), new FakeLogger(), historyCapacity: 3);
        using var failEnded = new ManualResetEventSlim();
        var seen = new List<IndicatorStateChange>();
        player.StateChanged += (_, change) =>
        {
            // Raised on the player thread after the history is updated.
            seen.Add(change);
            if (seen.Any(c => c.State.Pattern == IndicatorPattern.Fail) && change.State == IndicatorState.Off)
            {
                failEnded.Set();
            }
        };

        player.Show(IndicatorPattern.Fail);
        Assert.True(failEnded.Wait(TimeSpan.FromSeconds(20)), "fail should end in idle");
        var history = player.GetHistory();

        Assert.True(seen.Count > 3, "more changes than the capacity: " + seen.Count);
        Assert.Equal(seen.TakeLast(3), history);
        Assert.Equal(IndicatorState.Off, history[^1].State);
    }
}
