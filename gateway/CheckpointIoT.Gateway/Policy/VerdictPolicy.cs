using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Policy;

/// <summary>
/// Decides pass/fail for a QR check-in. Checks in order: code kind (empty, garbled, unknown), kind accepted
/// here, opening hours, deny list, duplicate window, capacity ("in" doors only). Pure apart from
/// <see cref="IPolicyState"/>.
/// </summary>
public sealed class VerdictPolicy
{
    private readonly GatewayOptions _options;
    private readonly Dictionary<string, CheckpointPolicy> _compiled = new(StringComparer.Ordinal);
    private readonly CheckpointPolicy _default = new(new CheckpointOptions());
    private readonly Lock _lock = new();

    public VerdictPolicy(GatewayOptions options)
    {
        _options = options;
        foreach (var (id, cp) in options.Checkpoints)
        {
            _compiled[id] = new CheckpointPolicy(cp);
        }
    }

    /// <summary>The longest duplicate window of any checkpoint, the default included (0 = none).</summary>
    public long LongestDuplicateWindowMs => _compiled.Values.Append(_default).Max(p => p.DuplicateWindowMs);

    public CheckpointPolicy For(string checkpointId)
    {
        lock (_lock)
        {
            return _compiled.TryGetValue(checkpointId, out var p) ? p : _default;
        }
    }

    public PolicyDecision Evaluate(in PolicyInput input, IPolicyState state)
    {
        switch (input.Kind)
        {
            case QrKind.Empty:
                return PolicyDecision.Fail(ReasonCode.Empty);
            case QrKind.Garbled:
                return PolicyDecision.Fail(ReasonCode.Garbled);
            case QrKind.Unknown:
                return PolicyDecision.Fail(ReasonCode.Unrecognised);
        }

        var policy = For(input.CheckpointId);
        if (!policy.Accepts(input.Kind))
        {
            return PolicyDecision.Fail(ReasonCode.KindNotAccepted);
        }

        if (policy.Hours is { } hours && !hours.IsOpen(input.TimeMs, policy.Offset))
        {
            return PolicyDecision.Fail(ReasonCode.Closed);
        }

        if (input.IdentityHash is { } identity)
        {
            if (state.IsDenied(identity))
            {
                return PolicyDecision.Fail(ReasonCode.Denied);
            }

            if (policy.DuplicateWindowMs > 0
                && state.LastPassSince(input.CheckpointId, identity, (int)input.Direction, input.TimeMs - policy.DuplicateWindowMs) is not null)
            {
                return PolicyDecision.Fail(ReasonCode.Duplicate);
            }
        }

        if (input.Direction == DoorDirection.In && policy.Capacity > 0
            && state.Occupancy(input.CheckpointId, input.TimeMs) >= policy.Capacity)
        {
            return PolicyDecision.Fail(ReasonCode.Full);
        }

        return PolicyDecision.Pass();
    }
}
