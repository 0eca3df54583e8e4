using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Policy;

/// <summary>The verdict for one check-in: result, reason code and the short text a node shows.</summary>
public readonly record struct PolicyDecision(VerdictResult Result, ReasonCode Reason, string DisplayText)
{
    public static PolicyDecision Pass() => new(VerdictResult.Pass, ReasonCode.Ok, "Welcome");

    public static PolicyDecision Fail(ReasonCode reason) => new(VerdictResult.Fail, reason, ReasonText(reason));

    public static PolicyDecision Ack() => new(VerdictResult.Ack, ReasonCode.Ok, string.Empty);

    /// <summary>Short English text per reason code (≤ 64 UTF-8 bytes; nodes may localise by code).</summary>
    public static string ReasonText(ReasonCode reason) => reason switch
    {
        ReasonCode.Ok => "OK",
        ReasonCode.Unrecognised => "Code not recognised",
        ReasonCode.Empty => "Empty code, scan again",
        ReasonCode.Garbled => "Unreadable code, scan again",
        ReasonCode.Denied => "Entry denied",
        ReasonCode.Duplicate => "Already checked in",
        ReasonCode.Closed => "Checkpoint closed",
        ReasonCode.Full => "Full, please wait",
        ReasonCode.KindNotAccepted => "Code type not accepted here",
        ReasonCode.Expired => "Code expired",
        ReasonCode.NodeDisabled => "Door node disabled",
        _ => "Error, ask staff",
    };

    /// <summary>Metrics label of the result.</summary>
    public string ResultName => Result switch
    {
        VerdictResult.Pass => "pass",
        VerdictResult.Fail => "fail",
        VerdictResult.Ack => "ack",
        _ => "error",
    };
}
