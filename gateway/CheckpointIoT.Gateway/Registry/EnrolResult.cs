namespace CheckpointIoT.Gateway.Registry;

/// <summary>Outcome of an enrolment; <see cref="Password"/> is the only time the clear password exists (never logged).</summary>
public sealed record EnrolResult(EnrolOutcome Outcome, string NodeId, string? Password)
{
    public override string ToString() => $"EnrolResult {{ Outcome = {Outcome}, NodeId = {NodeId} }}";
}
