using CheckpointIoT.Gateway.Indicator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class SimulatedIndicatorTests
{
    [Fact]
    public void Show_Fail_RaisesStateChangedForEachStepAndLogs()
    {
        var logger = new FakeLogger();
        using var indicator = new SimulatedIndicator(logger);
        var seen = new List<IndicatorStateChange>();
        using var done = new ManualResetEventSlim();
        indicator.StateChanged += (_, change) =>
        {
            lock (seen)
            {
                seen.Add(change);
                if (seen.Any(c => c.State.Pattern == IndicatorPattern.Fail) && change.State == IndicatorState.Off)
                {
                    done.Set();
                }
            }
        };

        indicator.Show(IndicatorPattern.Fail);
        Assert.True(done.Wait(TimeSpan.FromSeconds(20)), "the fail pattern should end in idle");

        List<IndicatorState> states;
        lock (seen)
        {
            states = seen.Select(c => c.State).ToList();
        }

        var failStates = states.Where(s => s.Pattern == IndicatorPattern.Fail).ToList();
        Assert.NotEmpty(failStates);
        Assert.True(failStates[0].Buzzer, "fail starts with a beep");
        Assert.All(failStates, s => Assert.True(s.Red && !s.Green));
        Assert.Equal(IndicatorState.Off, indicator.Current);
        Assert.Contains(logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Information && e.Message.Contains("Fail"));
        Assert.Equal("simulated", indicator.Description);
    }

    [Fact]
    public void Show_Offline_CurrentAndHistoryShowOffline()
    {
        using var indicator = new SimulatedIndicator(new FakeLogger());
        using var red = new ManualResetEventSlim();
        indicator.StateChanged += (_, change) =>
        {
            if (change.State.Pattern == IndicatorPattern.Offline && change.State.Red)
            {
                red.Set();
            }
        };

        indicator.Show(IndicatorPattern.Offline);

        Assert.True(red.Wait(TimeSpan.FromSeconds(20)));
        Assert.Equal(IndicatorPattern.Offline, indicator.Current.Pattern);
        Assert.Contains(indicator.GetHistory(), h => h.State.Pattern == IndicatorPattern.Offline);
    }

    [Fact]
    public void StateChanged_HandlerThrows_PlayerKeepsGoing()
    {
        var logger = new FakeLogger();
        using var indicator = new SimulatedIndicator(logger);
        using var idleAgain = new ManualResetEventSlim();
        indicator.StateChanged += (_, _) => throw new InvalidOperationException("dashboard bug");
        indicator.StateChanged += (_, change) =>
        {
            if (change.State == IndicatorState.Off && indicator.GetHistory().Any(h => h.State.Pattern == IndicatorPattern.Pass))
            {
                idleAgain.Set();
            }
        };

        indicator.Show(IndicatorPattern.Pass);

        Assert.True(idleAgain.Wait(TimeSpan.FromSeconds(20)), "pass should still play to its end");
        Assert.Contains(logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("StateChanged"));
    }
}
