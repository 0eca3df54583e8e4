using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace CheckpointIoT.Gateway.Broker.External;

/// <summary>
/// MQTTnet's client adapter (TCP, optional TLS, as <see cref="MqttClientAdapterFactory"/> builds it) on a
/// <see cref="ReadBufferedMqttChannel"/>, so a received PUBLISH costs one recv() instead of three. A new adapter, with
/// an empty buffer, for every connection.
/// </summary>
public sealed class ReadBufferedClientAdapterFactory : IMqttClientAdapterFactory
{
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is not MqttClientTcpOptions)
        {
            throw new NotSupportedException("the gateway's MQTT client speaks TCP (optionally TLS) only");
        }

        var channel = new ReadBufferedMqttChannel(new MqttTcpChannel(options));
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(channel, formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
