using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Ingest;

/// <summary>A verdict (or ack) to publish on cp/v1/&lt;node&gt;/verdict after the batch committed.</summary>
public readonly record struct OutgoingVerdict(string NodeId, uint Sequence, CheckinKind Kind, PolicyDecision Decision, IngestOutcome Outcome)
{
    public byte[] Encode() => WireCodec.EncodeVerdict(new VerdictMessage
    {
        Sequence = Sequence,
        Result = Decision.Result,
        Reason = Decision.Reason,
        DisplayText = Decision.DisplayText,
    });
}
