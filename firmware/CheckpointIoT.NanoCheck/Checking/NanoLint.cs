using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CheckpointIoT.NanoCheck.Checking;

/// <summary>
/// Lint for C# the compiler accepts (or would accept with a richer mscorlib) but the nanoFramework v1 device,
/// metadata processor or the portable-core rules reject. Rules NC1001..NC1017, listed in README.md.
/// </summary>
public sealed class NanoLint : CSharpSyntaxWalker
{
    private static readonly HashSet<string> SpanLikeNames = new(StringComparer.Ordinal)
    {
        "Span", "ReadOnlySpan", "Memory", "ReadOnlyMemory",
    };

    private readonly SemanticModel _model;
    private readonly string _path;
    private readonly List<CheckDiagnostic> _found = new();
    private readonly HashSet<(int, string)> _reported = new();

    private NanoLint(SemanticModel model, string path)
        : base(SyntaxWalkerDepth.Token)
    {
        _model = model;
        _path = path;
    }

    /// <summary>Rule codes and one-line descriptions (for --help and the README).</summary>
    public static IReadOnlyList<(string Code, string Rule)> Rules { get; } = new[]
    {
        ("NC1001", "declaring a generic type, method, delegate or local function"),
        ("NC1002", "using a generic type or method (Action<T>, Func<...>, EventHandler<T>, generic lambdas' natural types)"),
        ("NC1003", "multidimensional array ([,])"),
        ("NC1004", "decimal"),
        ("NC1005", "async / await"),
        ("NC1006", "iterator (yield return / yield break)"),
        ("NC1007", "LINQ (query syntax or using System.Linq)"),
        ("NC1008", "nullable value type (int?, Nullable<T>)"),
        ("NC1009", "tuple types, tuple literals, deconstruction"),
        ("NC1010", "record / record struct"),
        ("NC1011", "stackalloc"),
        ("NC1012", "dynamic"),
        ("NC1013", "unsafe code (unsafe, pointers, fixed, function pointers)"),
        ("NC1014", "interpolated string with alignment or format ({x,5}, {x:X2})"),
        ("NC1015", "Span/Memory, ref struct, ranges and indices (a..b, ^1), u8 literals"),
        ("NC1016", "checked arithmetic"),
        ("NC1017", "interface member with a body, or static/virtual/abstract interface member"),
    };

    /// <summary>Runs every rule over <paramref name="tree"/> (which must belong to the model's compilation).</summary>
    public static IReadOnlyList<CheckDiagnostic> Run(SemanticModel model)
    {
        var lint = new NanoLint(model, model.SyntaxTree.FilePath);
        lint.Visit(model.SyntaxTree.GetRoot());
        return lint._found;
    }

    private void Report(SyntaxNode node, string code, string message) => Report(node.GetLocation(), code, message);

    private void Report(SyntaxToken token, string code, string message) => Report(token.GetLocation(), code, message);

    private void Report(Location location, string code, string message)
    {
        var span = location.GetLineSpan();
        if (!_reported.Add((location.SourceSpan.Start, code)))
        {
            return;
        }

        _found.Add(new CheckDiagnostic(_path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, true, code, message));
    }

    // NC1001 generic declarations ----------------------------------------------------------------------------

    private void CheckTypeParameters(TypeParameterListSyntax? list, SyntaxToken name, string what)
    {
        if (list != null && list.Parameters.Count > 0)
        {
            Report(name, "NC1001", "generic " + what + " '" + name.ValueText + list + "': nanoFramework v1 has no generics; use object/ArrayList/Hashtable or a typed wrapper class");
        }
    }

    public override void VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        CheckTypeParameters(node.TypeParameterList, node.Identifier, "class");
        base.VisitClassDeclaration(node);
    }

    public override void VisitStructDeclaration(StructDeclarationSyntax node)
    {
        CheckTypeParameters(node.TypeParameterList, node.Identifier, "struct");
        if (node.Modifiers.Any(SyntaxKind.RefKeyword))
        {
            Report(node.Identifier, "NC1015", "ref struct '" + node.Identifier.ValueText + "': not supported on nanoFramework v1; use a class or byte[] + offset/count");
        }

        base.VisitStructDeclaration(node);
    }

    public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
    {
        CheckTypeParameters(node.TypeParameterList, node.Identifier, "interface");
        foreach (var member in node.Members)
        {
            bool hasBody = member switch
            {
                MethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
                PropertyDeclarationSyntax p => p.ExpressionBody != null || (p.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
                IndexerDeclarationSyntax i => i.ExpressionBody != null || (i.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
                EventDeclarationSyntax e => e.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false,
                OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax or ConstructorDeclarationSyntax => true,
                _ => false,
            };
            bool special = member.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.VirtualKeyword) ||
                                                     m.IsKind(SyntaxKind.AbstractKeyword) || m.IsKind(SyntaxKind.SealedKeyword));
            if (hasBody || special)
            {
                Report(member, "NC1017", "interface member with a body or static/virtual/abstract modifier (default interface implementation): not supported by the nanoFramework v1 runtime");
            }
        }

        base.VisitInterfaceDeclaration(node);
    }

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        Report(node.Identifier, "NC1010", "record '" + node.Identifier.ValueText + "': records need compiler support types nanoFramework v1 lacks (IEquatable<T>, EqualityComparer<T>); write a class");
        CheckTypeParameters(node.TypeParameterList, node.Identifier, "record");
        base.VisitRecordDeclaration(node);
    }

    public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
    {
        CheckTypeParameters(node.TypeParameterList, node.Identifier, "delegate");
        base.VisitDelegateDeclaration(node);
    }

    public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        CheckTypeParameters(node.TypeParameterList, node.Identifier, "method");
        CheckAsync(node.Modifiers);
        base.VisitMethodDeclaration(node);
    }

    public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        CheckTypeParameters(node.TypeParameterList, node.Identifier, "local function");
        CheckAsync(node.Modifiers);
        base.VisitLocalFunctionStatement(node);
    }

    // NC1002 generic use --------------------------------------------------------------------------------------

    public override void VisitGenericName(GenericNameSyntax node)
    {
        if (SpanLikeNames.Contains(node.Identifier.ValueText))
        {
            Report(node, "NC1015", node + ": Span/Memory do not exist on nanoFramework v1; use byte[] + offset/count");
            base.VisitGenericName(node);
            return;
        }

        Report(node, "NC1002", "generic '" + node + "': generic types and methods are not supported by the nanoFramework v1 runtime (even where mscorlib lists them); use a non-generic delegate or type");
        base.VisitGenericName(node);
    }

    public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        CheckGenericConversion(node);
        CheckAsync(node.Modifiers);
        base.VisitParenthesizedLambdaExpression(node);
    }

    public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        CheckGenericConversion(node);
        CheckAsync(node.Modifiers);
        base.VisitSimpleLambdaExpression(node);
    }

    public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        CheckGenericConversion(node);
        CheckAsync(node.Modifiers);
        base.VisitAnonymousMethodExpression(node);
    }

    public override void VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (_model.GetSymbolInfo(node).Symbol is IMethodSymbol { IsGenericMethod: true } method)
        {
            Report(node, "NC1002", "call to generic method '" + method.Name + "': not supported by the nanoFramework v1 runtime");
        }

        foreach (var argument in node.ArgumentList.Arguments)
        {
            // Method groups converted to a generic delegate (e.g. passed as Action<int>).
            if (argument.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax &&
                _model.GetSymbolInfo(argument.Expression).Symbol is IMethodSymbol)
            {
                CheckGenericConversion(argument.Expression);
            }
        }

        base.VisitInvocationExpression(node);
    }

    private void CheckGenericConversion(ExpressionSyntax node)
    {
        var info = _model.GetTypeInfo(node);
        var type = info.ConvertedType ?? info.Type;
        if (type is INamedTypeSymbol { IsGenericType: true } named)
        {
            Report(node, "NC1002", "converted to generic delegate '" + named.ToDisplayString() + "': generics are not supported by the nanoFramework v1 runtime; declare a non-generic delegate");
        }
    }

    // NC1003 .. NC1016 ----------------------------------------------------------------------------------------

    public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        if (node.Rank > 1)
        {
            Report(node, "NC1003", "multidimensional array '" + node + "': not supported on nanoFramework; use a jagged array or index arithmetic on a 1-D array");
        }

        base.VisitArrayRankSpecifier(node);
    }

    public override void VisitPredefinedType(PredefinedTypeSyntax node)
    {
        if (node.Keyword.IsKind(SyntaxKind.DecimalKeyword))
        {
            Report(node, "NC1004", "decimal: System.Decimal does not exist in nanoFramework mscorlib; use long (fixed point) or double");
        }

        base.VisitPredefinedType(node);
    }

    public override void VisitLiteralExpression(LiteralExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.NumericLiteralExpression) && node.Token.Value is decimal)
        {
            Report(node, "NC1004", "decimal literal '" + node + "': System.Decimal does not exist in nanoFramework mscorlib");
        }
        else if (node.IsKind(SyntaxKind.Utf8StringLiteralExpression))
        {
            Report(node, "NC1015", "u8 string literal: needs ReadOnlySpan<byte>; use System.Text.Encoding.UTF8.GetBytes");
        }

        base.VisitLiteralExpression(node);
    }

    private void CheckAsync(SyntaxTokenList modifiers)
    {
        foreach (var modifier in modifiers.Where(m => m.IsKind(SyntaxKind.AsyncKeyword)))
        {
            Report(modifier, "NC1005", "async: nanoFramework v1 has no Task/async support; use a thread, a timer or an explicit state machine");
        }
    }

    public override void VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        Report(node, "NC1005", "await: nanoFramework v1 has no Task/async support");
        base.VisitAwaitExpression(node);
    }

    public override void VisitForEachStatement(ForEachStatementSyntax node)
    {
        if (node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
        {
            Report(node.AwaitKeyword, "NC1005", "await foreach: nanoFramework v1 has no async support");
        }

        base.VisitForEachStatement(node);
    }

    public override void VisitUsingStatement(UsingStatementSyntax node)
    {
        if (node.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
        {
            Report(node.AwaitKeyword, "NC1005", "await using: nanoFramework v1 has no async support");
        }

        base.VisitUsingStatement(node);
    }

    public override void VisitYieldStatement(YieldStatementSyntax node)
    {
        Report(node, "NC1006", "iterator (yield): compiles to IEnumerable<T>/IEnumerator<T> state machines; nanoFramework v1 has no generics; return an array or ArrayList");
        base.VisitYieldStatement(node);
    }

    public override void VisitQueryExpression(QueryExpressionSyntax node)
    {
        Report(node, "NC1007", "LINQ query: System.Linq does not exist on nanoFramework; write a loop");
        base.VisitQueryExpression(node);
    }

    public override void VisitUsingDirective(UsingDirectiveSyntax node)
    {
        string? name = node.Name?.ToString();
        if (name == "System.Linq" || (name?.StartsWith("System.Linq.", StringComparison.Ordinal) ?? false))
        {
            Report(node, "NC1007", "using " + name + ": System.Linq does not exist on nanoFramework");
        }

        base.VisitUsingDirective(node);
    }

    public override void VisitNullableType(NullableTypeSyntax node)
    {
        var element = _model.GetTypeInfo(node.ElementType).Type;
        if (element == null || element.IsValueType || element.TypeKind == TypeKind.Error || element.TypeKind == TypeKind.TypeParameter)
        {
            Report(node, "NC1008", "nullable value type '" + node + "': System.Nullable<T> does not exist in nanoFramework v1 mscorlib; use a sentinel value or a bool flag");
        }

        base.VisitNullableType(node);
    }

    public override void VisitTupleType(TupleTypeSyntax node)
    {
        Report(node, "NC1009", "tuple type '" + node + "': System.ValueTuple does not exist on nanoFramework; use out parameters or a small class");
        base.VisitTupleType(node);
    }

    public override void VisitTupleExpression(TupleExpressionSyntax node)
    {
        Report(node, "NC1009", "tuple literal: System.ValueTuple does not exist on nanoFramework");
        base.VisitTupleExpression(node);
    }

    public override void VisitParenthesizedVariableDesignation(ParenthesizedVariableDesignationSyntax node)
    {
        Report(node, "NC1009", "deconstruction: needs System.ValueTuple or Deconstruct methods; not supported on nanoFramework v1");
        base.VisitParenthesizedVariableDesignation(node);
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        Report(node, "NC1011", "stackalloc: not supported on nanoFramework; allocate a byte[] once and reuse it");
        base.VisitStackAllocArrayCreationExpression(node);
    }

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        Report(node, "NC1011", "stackalloc: not supported on nanoFramework; allocate a byte[] once and reuse it");
        base.VisitImplicitStackAllocArrayCreationExpression(node);
    }

    public override void VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (node.Identifier.ValueText == "dynamic" && _model.GetTypeInfo(node).Type is { TypeKind: TypeKind.Dynamic })
        {
            Report(node, "NC1012", "dynamic: no runtime binder on nanoFramework");
        }
        else if (SpanLikeNames.Contains(node.Identifier.ValueText) && IsTypePosition(node))
        {
            Report(node, "NC1015", node.Identifier.ValueText + ": not available on nanoFramework v1; use byte[] + offset/count");
        }

        base.VisitIdentifierName(node);
    }

    private static bool IsTypePosition(SyntaxNode node) =>
        node.Parent is VariableDeclarationSyntax or ParameterSyntax or ObjectCreationExpressionSyntax or PropertyDeclarationSyntax
            or MethodDeclarationSyntax or ArrayTypeSyntax or CastExpressionSyntax or TypeArgumentListSyntax or FieldDeclarationSyntax
            || (node.Parent is QualifiedNameSyntax q && q.Right == node);

    public override void VisitToken(SyntaxToken token)
    {
        if (token.IsKind(SyntaxKind.UnsafeKeyword))
        {
            Report(token, "NC1013", "unsafe code: not supported by the nanoFramework metadata processor/runtime");
        }

        base.VisitToken(token);
    }

    public override void VisitPointerType(PointerTypeSyntax node)
    {
        Report(node, "NC1013", "pointer type '" + node + "': unsafe code is not supported on nanoFramework");
        base.VisitPointerType(node);
    }

    public override void VisitFunctionPointerType(FunctionPointerTypeSyntax node)
    {
        Report(node, "NC1013", "function pointer: not supported on nanoFramework");
        base.VisitFunctionPointerType(node);
    }

    public override void VisitFixedStatement(FixedStatementSyntax node)
    {
        Report(node.FixedKeyword, "NC1013", "fixed: unsafe code is not supported on nanoFramework");
        base.VisitFixedStatement(node);
    }

    public override void VisitInterpolation(InterpolationSyntax node)
    {
        if (node.AlignmentClause != null || node.FormatClause != null)
        {
            Report(node, "NC1014", "interpolation with alignment/format '" + node + "': lowered to string.Format, whose nanoFramework implementation supports only a few specifiers; format explicitly (ToString(\"X2\") as listed, PadLeft) and concatenate");
        }

        base.VisitInterpolation(node);
    }

    public override void VisitRangeExpression(RangeExpressionSyntax node)
    {
        Report(node, "NC1015", "range '..': System.Range does not exist on nanoFramework; use Substring/Array.Copy with offset and count");
        base.VisitRangeExpression(node);
    }

    public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.IndexExpression))
        {
            Report(node, "NC1015", "index from end '^': System.Index does not exist on nanoFramework; use Length - n");
        }

        base.VisitPrefixUnaryExpression(node);
    }

    public override void VisitCheckedExpression(CheckedExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.CheckedExpression))
        {
            Report(node.Keyword, "NC1016", "checked: overflow-checking arithmetic is not reliably supported by the nanoFramework interpreter; test ranges explicitly");
        }

        base.VisitCheckedExpression(node);
    }

    public override void VisitCheckedStatement(CheckedStatementSyntax node)
    {
        if (node.IsKind(SyntaxKind.CheckedStatement))
        {
            Report(node.Keyword, "NC1016", "checked: overflow-checking arithmetic is not reliably supported by the nanoFramework interpreter; test ranges explicitly");
        }

        base.VisitCheckedStatement(node);
    }
}
