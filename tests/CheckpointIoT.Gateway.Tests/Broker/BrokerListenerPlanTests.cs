using System.Net;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;

namespace CheckpointIoT.Gateway.Tests.Broker;

public sealed class BrokerListenerPlanTests
{
    [Fact]
    public void Plan_Defaults_LoopbackOnly()
    {
        var plan = BrokerListenerPlan.Plan(new BrokerOptions(), 1883);

        var only = Assert.Single(plan);
        Assert.Equal(("loopback", IPAddress.Loopback, 1883, false), (only.Name, only.Address, only.Port, only.Tls));
        Assert.Equal(1883, BrokerListenerPlan.NodePort(plan));
    }

    [Fact]
    public void Plan_LanAddressOwnPort_TwoListeners_NodesToldTheLanPort()
    {
        var plan = BrokerListenerPlan.Plan(new BrokerOptions { LanBind = "192.168.1.10", LanPort = 1884 }, 1883);

        Assert.Equal(["loopback 127.0.0.1:1883", "lan 192.168.1.10:1884"], plan.Select(e => $"{e.Name} {e.Address}:{e.Port}"));
        Assert.Equal(1884, BrokerListenerPlan.NodePort(plan));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Plan_WildcardOnTheLoopbackPort_OneListenerServesBoth(string wildcard)
    {
        var plan = BrokerListenerPlan.Plan(new BrokerOptions { LanBind = wildcard, LanPort = 1883 }, 1883);

        var only = Assert.Single(plan);
        Assert.Equal(IPAddress.Parse(wildcard), only.Address);
        Assert.Equal(1883, BrokerListenerPlan.NodePort(plan));
    }

    [Fact]
    public void Plan_WildcardButLoopbackMovedToAnotherPort_KeepsBoth()
    {
        var plan = BrokerListenerPlan.Plan(new BrokerOptions { LanBind = "0.0.0.0", LanPort = 1883 }, 1890);

        Assert.Equal(["loopback 127.0.0.1:1890", "lan 0.0.0.0:1883"], plan.Select(e => $"{e.Name} {e.Address}:{e.Port}"));
    }

    [Theory]
    [InlineData(null, "0.0.0.0")]
    [InlineData("192.168.1.10", "192.168.1.10")]
    public void Plan_Tls_OnTheLanAddressElseAll(string? lanBind, string expected)
    {
        var plan = BrokerListenerPlan.Plan(new BrokerOptions { LanBind = lanBind, LanPort = 0, TlsCertFile = "server.crt", TlsKeyFile = "server.key", TlsPort = 8883 }, 1883);

        var tls = Assert.Single(plan, e => e.Tls);
        Assert.Equal((IPAddress.Parse(expected), 8883), (tls.Address, tls.Port));
        Assert.DoesNotContain(plan, e => e.Name == "lan"); // LanPort 0: TLS only for the nodes
    }
}
