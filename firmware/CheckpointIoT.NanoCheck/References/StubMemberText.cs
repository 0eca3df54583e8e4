using System.Text;
using Microsoft.CodeAnalysis;

namespace CheckpointIoT.NanoCheck.References;

/// <summary>C# text for members synthesized from compiler symbols (explicit interface implementations, abstract overrides).</summary>
internal static class StubMemberText
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>Explicit implementation of <paramref name="member"/> of <paramref name="iface"/>; null if not expressible.</summary>
    public static string? ExplicitImplementation(ISymbol member, INamedTypeSymbol iface)
    {
        string owner = iface.ToDisplayString(TypeFormat);
        return member switch
        {
            IMethodSymbol m => Type(m.ReturnType, m.ReturnsVoid) + " " + owner + "." + m.Name + "(" + Parameters(m.Parameters) + ") { throw null; }",
            IPropertySymbol p => Type(p.Type, false) + " " + owner + "." + (p.IsIndexer ? "this[" + Parameters(p.Parameters) + "]" : p.Name) + Accessors(p),
            IEventSymbol e => "event " + Type(e.Type, false) + " " + owner + "." + e.Name + " { add { throw null; } remove { throw null; } }",
            _ => null,
        };
    }

    /// <summary>A public override of an inherited abstract member; null if not expressible.</summary>
    public static string? AbstractOverride(ISymbol member)
    {
        return member switch
        {
            IMethodSymbol m => "public override " + Type(m.ReturnType, m.ReturnsVoid) + " " + m.Name + "(" + Parameters(m.Parameters) + ") { throw null; }",
            IPropertySymbol p => "public override " + Type(p.Type, false) + " " + (p.IsIndexer ? "this[" + Parameters(p.Parameters) + "]" : p.Name) + Accessors(p),
            IEventSymbol e => "public override event " + Type(e.Type, false) + " " + e.Name + " { add { throw null; } remove { throw null; } }",
            _ => null,
        };
    }

    private static string Accessors(IPropertySymbol property)
    {
        var sb = new StringBuilder(" {");
        if (property.GetMethod != null)
        {
            sb.Append(" get { throw null; }");
        }

        if (property.SetMethod != null)
        {
            sb.Append(" set { throw null; }");
        }

        return sb.Append(" }").ToString();
    }

    private static string Type(ITypeSymbol type, bool isVoid) => isVoid ? "void" : type.ToDisplayString(TypeFormat);

    private static string Parameters(IEnumerable<IParameterSymbol> parameters) =>
        string.Join(", ", parameters.Select(p =>
        {
            string prefix = p.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => "",
            };
            if (p.IsParams)
            {
                prefix = "params " + prefix;
            }

            return prefix + p.Type.ToDisplayString(TypeFormat) + " @" + p.Name;
        }));
}
