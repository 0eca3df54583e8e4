using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Esp32.Adapters.Indicator;

namespace CheckpointIoT.Node.Esp32.Tests.Adapters;

/// <summary>The conventions the firmware README's LED table promises.</summary>
public sealed class IndicatorPatternsTests
{
    private const int G = IndicatorPattern.Green, R = IndicatorPattern.Red, B = IndicatorPattern.Buzzer;

    private static int Beeps(IndicatorPattern p)
    {
        int beeps = 0;
        for (int i = 0; i < p.Outputs.Length; i++)
        {
            bool on = (p.Outputs[i] & B) != 0;
            bool before = i > 0 && (p.Outputs[i - 1] & B) != 0;
            if (on && !before) beeps++;
        }
        return beeps;
    }

    private static bool StartsWithOfflineMarker(IndicatorPattern p) => p.Outputs[0] == (G | R);

    public static TheoryData<NodeSignal> Signals()
    {
        var data = new TheoryData<NodeSignal>();
        foreach (NodeSignal s in Enum.GetValues<NodeSignal>()) data.Add(s);
        return data;
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void For_EverySignal_HasAWellFormedPattern(NodeSignal signal)
    {
        IndicatorPattern p = IndicatorPatterns.For(signal);

        Assert.NotNull(p);
        Assert.Equal(p.Outputs.Length, p.DurationsMs.Length);
        Assert.All(p.DurationsMs, d => Assert.InRange(d, 0, 3000));
        if (!p.Repeat) Assert.InRange(p.TotalMs, 0, 2500);
    }

    [Fact]
    public void Verdicts_PassBeepsOnceInGreen_FailBeepsThreeTimesInRed()
    {
        Assert.Equal(1, Beeps(IndicatorPatterns.Pass));
        Assert.Equal(3, Beeps(IndicatorPatterns.Fail));
        Assert.All(IndicatorPatterns.Pass.Outputs, o => Assert.Equal(0, o & R));
        Assert.All(IndicatorPatterns.Fail.Outputs, o => Assert.Equal(0, o & G));
        Assert.Equal(1, Beeps(IndicatorPatterns.Error));
        Assert.True(IndicatorPatterns.Error.DurationsMs[0] >= 500, "error beep should be long");
    }

    [Fact]
    public void OfflineVerdicts_SameSoundAsOnline_AfterTheBothLedsMarker()
    {
        Assert.True(StartsWithOfflineMarker(IndicatorPatterns.OfflinePass));
        Assert.True(StartsWithOfflineMarker(IndicatorPatterns.OfflineFail));
        Assert.False(StartsWithOfflineMarker(IndicatorPatterns.Pass));
        Assert.False(StartsWithOfflineMarker(IndicatorPatterns.Fail));
        Assert.Equal(Beeps(IndicatorPatterns.Pass), Beeps(IndicatorPatterns.OfflinePass));
        Assert.Equal(Beeps(IndicatorPatterns.Fail), Beeps(IndicatorPatterns.OfflineFail));
    }

    [Fact]
    public void WaitingAndProvisioning_RepeatSilently_IdleIsDark()
    {
        Assert.True(IndicatorPatterns.Busy.Repeat);
        Assert.True(IndicatorPatterns.Provisioning.Repeat);
        Assert.True(IndicatorPatterns.NoLink.Repeat);
        Assert.Equal(0, Beeps(IndicatorPatterns.Busy));
        Assert.Equal(0, Beeps(IndicatorPatterns.Provisioning));
        Assert.Equal(0, Beeps(IndicatorPatterns.NoLink));
        Assert.All(IndicatorPatterns.Idle.Outputs, o => Assert.Equal(0, o));
        Assert.Same(IndicatorPatterns.Idle, IndicatorPatterns.For(NodeSignal.Idle));
    }
}
