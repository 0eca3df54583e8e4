namespace CheckpointIoT.Mosquitto;

/// <summary>One broker user: written hashed to the password file, never logged.</summary>
public sealed record MqttCredential(string Username, string Password)
{
    public override string ToString() => $"MqttCredential {{ Username = {Username} }}";
}
