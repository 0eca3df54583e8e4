using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>The MQTTnet client settings every benchmark client uses: MQTT 3.1.1 like the nodes, clean session, no fragmentation.</summary>
internal static class BenchMqtt
{
    private static readonly MqttClientFactory Factory = new();

    public static async Task<IMqttClient> ConnectAsync(string host, int port, string clientId, string? username = null, string? password = null)
    {
        var client = Factory.CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithoutPacketFragmentation();
        if (username != null)
        {
            options.WithCredentials(username, password);
        }

        await client.ConnectAsync(options.Build());
        return client;
    }

    public static Task SubscribeAsync(IMqttClient client, string filter, MqttQualityOfServiceLevel qos) =>
        client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, qos).Build());

    public static MqttApplicationMessage Message(string topic, byte[] payload, MqttQualityOfServiceLevel qos) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build();
}
