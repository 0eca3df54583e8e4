namespace CheckpointIoT.Gateway.Configuration;

/// <summary>A configuration value is missing or wrong; <see cref="Key"/> is the full key (e.g. Gateway:Broker:Port).</summary>
public sealed class GatewayConfigException : Exception
{
    public GatewayConfigException(string key, string message)
        : base($"{key}: {message}")
    {
        Key = key;
    }

    public string Key { get; }
}
