using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Gateway.Tests.Policy.Fakes;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Tests.Policy;

public sealed class VerdictPolicyTests
{
    // 2026-11-22 03:00 UTC = 10:00 at +07:00.
    private static readonly long TenAmLocal = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(QrKind.Empty, ReasonCode.Empty)]
    [InlineData(QrKind.Garbled, ReasonCode.Garbled)]
    [InlineData(QrKind.Unknown, ReasonCode.Unrecognised)]
    [InlineData(QrKind.VenuePoster, ReasonCode.KindNotAccepted)]
    public void Evaluate_DefaultCheckpoint_FailsUnusableKinds(QrKind kind, ReasonCode expected)
    {
        var decision = new VerdictPolicy(new GatewayOptions()).Evaluate(Input(kind), new FakePolicyState());

        Assert.Equal((VerdictResult.Fail, expected), (decision.Result, decision.Reason));
    }

    [Theory]
    [InlineData(QrKind.ChipIdCard)]
    [InlineData(QrKind.UnifiedPersonal)]
    [InlineData(QrKind.HealthInsurance)]
    [InlineData(QrKind.EuDcc)]
    [InlineData(QrKind.NzCovidPass)]
    public void Evaluate_DefaultCheckpoint_PassesDefaultKinds(QrKind kind)
    {
        var decision = new VerdictPolicy(new GatewayOptions()).Evaluate(Input(kind), new FakePolicyState());

        Assert.Equal(VerdictResult.Pass, decision.Result);
    }

    [Fact]
    public void Evaluate_KindNotInCheckpointList_Fails()
    {
        var policy = Policy(new CheckpointOptions { AcceptedKinds = ["CCCD"] });

        Assert.Equal(ReasonCode.KindNotAccepted, policy.Evaluate(Input(QrKind.EuDcc), new FakePolicyState()).Reason);
        Assert.Equal(VerdictResult.Pass, policy.Evaluate(Input(QrKind.ChipIdCard), new FakePolicyState()).Result);
    }

    [Theory]
    [InlineData("07:00-19:00", 0, VerdictResult.Pass)]
    [InlineData("11:00-19:00", 0, VerdictResult.Fail)]
    [InlineData("22:00-06:00", 14, VerdictResult.Pass)]   // midnight at +07:00 is inside a wrapping window
    [InlineData("22:00-06:00", 0, VerdictResult.Fail)]
    public void Evaluate_OpeningHours_InLocalTime(string hours, int addHours, VerdictResult expected)
    {
        var policy = Policy(new CheckpointOptions { OpeningHours = hours, TimeZone = "+07:00" });

        var decision = policy.Evaluate(Input(QrKind.ChipIdCard, time: TenAmLocal + addHours * 3_600_000L), new FakePolicyState());

        Assert.Equal(expected, decision.Result);
        if (expected == VerdictResult.Fail)
        {
            Assert.Equal(ReasonCode.Closed, decision.Reason);
        }
    }

    [Fact]
    public void Evaluate_DeniedIdentity_Fails()
    {
        var state = new FakePolicyState();
        state.Denied.Add("h1");

        var decision = Policy(new CheckpointOptions()).Evaluate(Input(QrKind.ChipIdCard, "h1"), state);

        Assert.Equal(ReasonCode.Denied, decision.Reason);
        Assert.Equal(VerdictResult.Pass, Policy(new CheckpointOptions()).Evaluate(Input(QrKind.ChipIdCard, "h2"), state).Result);
    }

    [Fact]
    public void Evaluate_DuplicateWindow_FailsOnlyInsideWindow()
    {
        var policy = Policy(new CheckpointOptions { DuplicateWindowSeconds = 60 });
        var state = new FakePolicyState();
        state.LastPass = TenAmLocal - 30_000;

        Assert.Equal(ReasonCode.Duplicate, policy.Evaluate(Input(QrKind.ChipIdCard, "h1"), state).Reason);
        Assert.Equal(TenAmLocal - 60_000, state.LastSince);
        state.LastPass = null;
        Assert.Equal(VerdictResult.Pass, policy.Evaluate(Input(QrKind.ChipIdCard, "h1"), state).Result);
    }

    [Fact]
    public void Evaluate_DuplicateWindowOff_NeverAsksHistory()
    {
        var state = new FakePolicyState { LastPass = TenAmLocal };

        Assert.Equal(VerdictResult.Pass, Policy(new CheckpointOptions()).Evaluate(Input(QrKind.ChipIdCard, "h1"), state).Result);
        Assert.Null(state.LastSince);
    }

    [Fact]
    public void Evaluate_CapacityReached_FailsInButNotOut()
    {
        var policy = Policy(new CheckpointOptions { Capacity = 2 });
        var state = new FakePolicyState { CurrentOccupancy = 2 };

        Assert.Equal(ReasonCode.Full, policy.Evaluate(Input(QrKind.ChipIdCard, direction: DoorDirection.In), state).Reason);
        Assert.Equal(VerdictResult.Pass, policy.Evaluate(Input(QrKind.ChipIdCard, direction: DoorDirection.Out), state).Result);
        state.CurrentOccupancy = 1;
        Assert.Equal(VerdictResult.Pass, policy.Evaluate(Input(QrKind.ChipIdCard, direction: DoorDirection.In), state).Result);
    }

    [Fact]
    public void Occupancy_InOutAndNewDay_NeverNegative()
    {
        var t = new OccupancyTracker();

        t.Apply("cp", 10, 1);
        t.Apply("cp", 10, 1);
        t.Apply("cp", 10, -1);
        Assert.Equal(1, t.Get("cp", 10));
        t.Apply("cp", 10, -1);
        t.Apply("cp", 10, -1);
        Assert.Equal(0, t.Get("cp", 10));
        t.Apply("cp", 10, 1);
        Assert.Equal(0, t.Get("cp", 11));
        Assert.Equal(1, t.Apply("cp", 11, 1));
    }

    [Theory]
    [InlineData("07:00-19:00", true)]
    [InlineData("22:00-06:00", true)]
    [InlineData("00:00-24:00", true)]
    [InlineData("7-19", false)]
    [InlineData("07:00-07:00", false)]
    [InlineData("25:00-26:00", false)]
    public void OpeningHours_TryParse(string text, bool ok) => Assert.Equal(ok, OpeningHours.TryParse(text, out _));

    [Theory]
    [InlineData("+07:00", 420)]
    [InlineData("-03:30", -210)]
    [InlineData("Z", 0)]
    public void OpeningHours_TryParseOffset(string text, int minutes)
    {
        Assert.True(OpeningHours.TryParseOffset(text, out var offset));
        Assert.Equal(minutes, (int)offset.TotalMinutes);
    }

    private static VerdictPolicy Policy(CheckpointOptions cp) =>
        new(new GatewayOptions { Checkpoints = new() { ["cp-1"] = cp } });

    private static PolicyInput Input(QrKind kind, string? hash = "h", long? time = null, DoorDirection direction = DoorDirection.In) =>
        new("cp-1", direction, kind, hash, time ?? TenAmLocal);
}
