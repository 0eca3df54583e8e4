using CheckpointIoT.EndToEnd.Tests.Harness;

namespace CheckpointIoT.EndToEnd.Tests;

/// <summary>Nothing lost, nothing duplicated while the gateway is killed (SIGKILL, a power cut) and restarted mid-stream.</summary>
[Collection(EndToEndCollection.Name)]
public class ZeroLossTests
{
    [Fact]
    public async Task GatewayKilledAndRestarted_ProvinceHoldsEveryCheckinExactlyOnce()
    {
        await using var system = new SystemUnderTest();
        await system.StartProvincialAsync();
        await system.StartGatewayAsync();

        const int nodes = 2, perNode = 20;
        await using var simulator = system.StartSimulator("--nodes", $"{nodes}", "--count", $"{perNode}", "--rate", "4",
            "--exit-when-done", "--timeout", "150");
        await Task.Delay(TimeSpan.FromSeconds(2));
        system.Gateway!.Kill();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await system.StartGatewayAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        system.Gateway!.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await system.StartGatewayAsync();

        int exit = await simulator.WaitForExitAsync(TimeSpan.FromSeconds(180));
        Assert.True(exit == 0, "simulator did not drain its queues:\n" + system.Dump());
        long received = await system.WaitForProvincialCheckinsAsync(nodes * perNode, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate upload would show up now
        received = await system.ProvincialCheckinsAsync();
        Assert.True(received == nodes * perNode, $"provincial API holds {received} check-ins, expected exactly {nodes * perNode}\n" + system.Dump());
    }
}
