using CheckpointIoT.EndToEnd.Tests.Harness;

namespace CheckpointIoT.EndToEnd.Tests;

/// <summary>One scan's whole journey with real processes: node core → Mosquitto → gateway → SQLite → provincial API, and the verdict back.</summary>
[Collection(EndToEndCollection.Name)]
public class WalkingSkeletonTests
{
    [Fact]
    public async Task Scan_TravelsToProvinceAndNodeGetsVerdict()
    {
        await using var system = new SystemUnderTest();
        await system.StartProvincialAsync();
        await system.StartGatewayAsync();

        await using var simulator = system.StartSimulator("--nodes", "1", "--count", "3", "--rate", "5", "--exit-when-done", "--timeout", "60");
        int exit = await simulator.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exit == 0, "simulator failed:\n" + system.Dump());
        Assert.Contains("every scan has its verdict", simulator.Output);
        Assert.Contains("verdicts=3", simulator.Output);
        long received = await system.WaitForProvincialCheckinsAsync(3, TimeSpan.FromSeconds(60));
        Assert.True(received == 3, $"provincial API holds {received} check-ins, expected exactly 3\n" + system.Dump());
    }
}
