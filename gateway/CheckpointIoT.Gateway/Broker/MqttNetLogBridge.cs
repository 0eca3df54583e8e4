using MQTTnet.Diagnostics.Logger;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// MQTTnet's own log lines into the gateway's logging, only while Debug is on for this category: MQTTnet formats
/// (and allocates) a line per queued packet when its logger is enabled, so in production it stays off and the
/// broker's hooks log what matters (refused logins, refused topics) themselves.
/// </summary>
public sealed class MqttNetLogBridge(ILogger<MqttNetLogBridge> logger) : IMqttNetLogger
{
    public bool IsEnabled { get; } = logger.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        var text = parameters is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, parameters) : message;
        var mapped = level switch
        {
            MqttNetLogLevel.Verbose => LogLevel.Trace,
            MqttNetLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Warning,
        };
        logger.Log(mapped, "MQTTnet {Source}: {Message}{Error}", source, text, exception is null ? string.Empty : " (" + exception.Message + ")");
    }
}
