using System.Text;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Storage;
using MQTTnet.Protocol;

namespace CheckpointIoT.Gateway.Tests.Broker;

public sealed class BrokerLoginTests
{
    private static readonly NodeRecord Node = new() { NodeId = "n-a", CheckpointId = "cp", PasswordHash = BrokerPasswordHash.Hash("secret", 10) };

    [Theory]
    [InlineData("n-a", "n-a", "secret", MqttConnectReasonCode.Success)]
    [InlineData("n-a", "n-a", "secreT", MqttConnectReasonCode.BadUserNameOrPassword)]
    [InlineData("n-a", "n-a", null, MqttConnectReasonCode.BadUserNameOrPassword)]
    [InlineData("anon", null, null, MqttConnectReasonCode.BadUserNameOrPassword)]
    [InlineData("anon", "", "secret", MqttConnectReasonCode.BadUserNameOrPassword)]
    [InlineData("n-b", "n-a", "secret", MqttConnectReasonCode.ClientIdentifierNotValid)]
    [InlineData("", "n-a", "secret", MqttConnectReasonCode.ClientIdentifierNotValid)]
    [InlineData("checkpoint-gateway", "n-a", "secret", MqttConnectReasonCode.NotAuthorized)]
    [InlineData("n-a", "gateway", "secret", MqttConnectReasonCode.NotAuthorized)]
    public void Decide_EnabledNode(string clientId, string? user, string? password, MqttConnectReasonCode expected)
    {
        var node = user == "n-a" ? Node : null;

        var (code, _) = BrokerLogin.Decide(clientId, user, password is null ? null : Encoding.UTF8.GetBytes(password), node);

        Assert.Equal(expected, code);
    }

    [Fact]
    public void Decide_DisabledNode_IsNotAuthorized_EvenWithTheRightPassword()
    {
        var (code, reason) = BrokerLogin.Decide("n-a", "n-a", "secret"u8.ToArray(), Node with { Enabled = false });

        Assert.Equal(MqttConnectReasonCode.NotAuthorized, code);
        Assert.Equal("node disabled", reason);
    }

    [Fact]
    public void Decide_UnknownUser_IsBadCredentials_NotAHint()
    {
        Assert.Equal(MqttConnectReasonCode.BadUserNameOrPassword, BrokerLogin.Decide("n-z", "n-z", "secret"u8.ToArray(), null).Code);
    }
}
