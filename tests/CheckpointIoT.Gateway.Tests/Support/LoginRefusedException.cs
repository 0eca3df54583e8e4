using MQTTnet;

namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>The broker answered CONNECT with a refusal (MQTTnet 5 returns it instead of throwing).</summary>
public sealed class LoginRefusedException(MqttClientConnectResultCode code) : Exception($"broker refused the login: {code}")
{
    public MqttClientConnectResultCode Code { get; } = code;
}
