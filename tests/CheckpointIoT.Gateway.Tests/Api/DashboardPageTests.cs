using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Tests.Api;

public sealed class DashboardPageTests
{
    [Fact]
    public async Task Dashboard_AfterACheckin_ShowsNodesCountsAndOccupancyButNoPersonalData()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var enrolled = await gw.EnrolAsync("n-dash1", "cp-dash", "in");
        await using var node = await gw.ConnectNodeAsync(enrolled);
        await node.PublishQrAsync(1, Samples.Cccd("001099012345"), DoorDirection.In);
        await node.WaitVerdictAsync(1);

        using var anonymous = new HttpClient { BaseAddress = gw.Http.BaseAddress };
        using var response = await anonymous.GetAsync("/");
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("n-dash1", html);
        Assert.Contains("cp-dash", html);
        Assert.Contains("<td>1</td>", html); // one check-in stored, one person inside
        Assert.DoesNotContain("001099012345", html);
        Assert.DoesNotContain("Nguyễn", html);
        Assert.DoesNotContain(enrolled.Password, html);
    }

    [Fact]
    public async Task Dashboard_FreshGateway_SaysNoNodesAndNoCheckins()
    {
        await using var gw = await GatewayHarness.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = gw.Http.BaseAddress };
        string html = await anonymous.GetStringAsync("/");
        Assert.Contains("0 of 0 online", html);
        Assert.Contains("No check-ins today.", html);
        Assert.Contains("running", html);
    }
}
