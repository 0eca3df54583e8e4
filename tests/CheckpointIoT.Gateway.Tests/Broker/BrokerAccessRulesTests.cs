using CheckpointIoT.Gateway.Broker;

namespace CheckpointIoT.Gateway.Tests.Broker;

public sealed class BrokerAccessRulesTests
{
    [Theory]
    [InlineData("cp/v1/n-a/up", true)]
    [InlineData("cp/v1/n-a/status", true)]
    [InlineData("cp/v1/n-a/verdict", false)]
    [InlineData("cp/v1/n-a/config", false)]
    [InlineData("cp/v1/n-b/up", false)]
    [InlineData("cp/v1/n-b/status", false)]
    [InlineData("cp/v1/n-a/up/extra", false)]
    [InlineData("cp/v1/n-a", false)]
    [InlineData("cp/v2/n-a/up", false)]
    [InlineData("cp/diag/raw/1", false)]
    [InlineData("", false)]
    public void MayPublish_OnlyOwnUpAndStatus(string topic, bool expected)
    {
        Assert.Equal(expected, BrokerAccessRules.MayPublish("n-a", topic));
    }

    [Theory]
    [InlineData("cp/v1/n-a/verdict", true)]
    [InlineData("cp/v1/n-a/config", true)]
    [InlineData("cp/v1/n-a/up", false)]
    [InlineData("cp/v1/n-a/status", false)]
    [InlineData("cp/v1/n-b/verdict", false)]
    [InlineData("cp/v1/+/verdict", false)]
    [InlineData("cp/v1/n-a/+", false)]
    [InlineData("cp/v1/n-a/#", false)]
    [InlineData("#", false)]
    [InlineData("$share/g/cp/v1/n-a/verdict", false)]
    [InlineData("$SYS/#", false)]
    public void MaySubscribe_OnlyOwnVerdictAndConfig_NoWildcards(string filter, bool expected)
    {
        Assert.Equal(expected, BrokerAccessRules.MaySubscribe("n-a", filter));
    }

    [Theory]
    [InlineData("gateway", true)]
    [InlineData("checkpoint-gateway", true)]
    [InlineData("n-gateway", false)]
    [InlineData(null, false)]
    public void IsReserved_GatewayNames(string? name, bool expected)
    {
        Assert.Equal(expected, BrokerAccessRules.IsReserved(name));
    }

    [Fact]
    public void Filters_ComeFromTheWireTopics()
    {
        Assert.Equal("cp/v1/+/up", BrokerAccessRules.UpFilter);
        Assert.Equal("cp/v1/+/status", BrokerAccessRules.StatusFilter);
        Assert.Contains("topic read cp/v1/+/up\n", BrokerAccessRules.RenderAcl());
    }
}
