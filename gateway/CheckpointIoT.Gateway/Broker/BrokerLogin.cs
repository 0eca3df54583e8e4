using CheckpointIoT.Gateway.Storage;
using MQTTnet.Protocol;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// The embedded broker's login decision (pure): user name = node id, client id equal to it, the password against the
/// node's registry hash. The reserved gateway names never log in, a disabled node is refused before its password is
/// checked, and a client id naming another node is refused, so no login can take over another node's session.
/// </summary>
public static class BrokerLogin
{
    /// <summary>The CONNACK reason and a short reason for the log (never the password).</summary>
    public static (MqttConnectReasonCode Code, string Reason) Decide(string? clientId, string? user, byte[]? password, NodeRecord? node)
    {
        if (string.IsNullOrEmpty(user))
        {
            return (MqttConnectReasonCode.BadUserNameOrPassword, "anonymous");
        }

        if (BrokerAccessRules.IsReserved(user) || BrokerAccessRules.IsReserved(clientId))
        {
            return (MqttConnectReasonCode.NotAuthorized, "reserved name");
        }

        if (node is null || node.NodeId != user)
        {
            return (MqttConnectReasonCode.BadUserNameOrPassword, "unknown user");
        }

        if (!node.Enabled)
        {
            return (MqttConnectReasonCode.NotAuthorized, "node disabled");
        }

        if (clientId != user)
        {
            return (MqttConnectReasonCode.ClientIdentifierNotValid, "client id must equal the node id");
        }

        if (password is null || !BrokerPasswordHash.Verify(System.Text.Encoding.UTF8.GetString(password), node.PasswordHash))
        {
            return (MqttConnectReasonCode.BadUserNameOrPassword, "wrong password");
        }

        return (MqttConnectReasonCode.Success, "ok");
    }
}
