namespace CheckpointIoT.Gateway.Upload;

/// <summary>How a checkpoint is registered with the province (Upload:Checkpoints:&lt;checkpointId&gt;:...).</summary>
public sealed class CheckpointRegistrationOptions
{
    /// <summary>Display name, e.g. "Chợ Hôm - cổng chính".</summary>
    public string Name { get; set; } = "";

    /// <summary>The unit (ward, commune, organisation) that runs the checkpoint.</summary>
    public string Unit { get; set; } = "";

    public string District { get; set; } = "";

    public string? Province { get; set; }

    public string? Address { get; set; }
}
