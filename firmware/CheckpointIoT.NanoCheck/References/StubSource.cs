using CheckpointIoT.NanoCheck.Api;
using Microsoft.CodeAnalysis.Text;

namespace CheckpointIoT.NanoCheck.References;

/// <summary>Generated C# for one assembly plus where each member and base-list entry landed in it.</summary>
public sealed class StubSource
{
    public StubSource(string text, IReadOnlyList<(TextSpan Span, ApiMember Member, ApiType Type)> members,
        IReadOnlyList<(TextSpan Span, ApiType Type, string Base)> bases)
    {
        Text = text;
        Members = members;
        Bases = bases;
    }

    public string Text { get; }

    public IReadOnlyList<(TextSpan Span, ApiMember Member, ApiType Type)> Members { get; }

    public IReadOnlyList<(TextSpan Span, ApiType Type, string Base)> Bases { get; }
}
