namespace CheckpointIoT.Gateway.Registry;

public enum EnrolOutcome
{
    Created = 0,
    Rotated = 1,
    /// <summary>The node exists and rotation was not asked for (HTTP 409).</summary>
    Exists = 2,
}
