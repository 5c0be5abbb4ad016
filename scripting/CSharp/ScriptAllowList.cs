using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HotGears.Scripting.CSharp;

/// <summary>
/// What a C# gear may reference, checked over the whole compilation before it is emitted: every
/// symbol and type a node of the script binds to must come from the gear API or an allowed
/// namespace; unsafe code, pointers, P/Invoke, dynamic and #r/#load are refused by syntax.
/// Returns the first refusal as "line:column: ... is not allowed in C# gears (reason)".
/// </summary>
internal static class ScriptAllowList
{
    /// <summary>Namespaces whose types scripts may use (exact names; System.Text.Json with its sub-namespaces).</summary>
    private static readonly HashSet<string> AllowedNamespaces =
    [
        "System", "System.Linq", "System.Collections", "System.Collections.Generic", "System.Globalization",
        "System.Text", "System.Text.Json", "System.Text.Json.Nodes", "System.Text.Json.Serialization",
        "System.Text.RegularExpressions", "System.Threading.Tasks",
    ];

    /// <summary>The gear API (the globals, builders, reader tokens, records), and the few System.Threading types a gear needs.</summary>
    private static readonly HashSet<string> AllowedApiTypes =
    [
        "HotGears.Scripting.CSharp.GearsGlobals", "HotGears.Scripting.CSharp.GearsBuilder", "HotGears.Scripting.CSharp.GearsReader",
        "HotGears.Engine.Gears.KeyRecord", "HotGears.Engine.Gears.StreamRecord", "HotGears.Engine.Gears.GroupRecord",
        "HotGears.Engine.Gears.ScoredMember", "HotGears.Engine.Gears.StreamEntryValue",
        "HotGears.Engine.Gears.GearsErrorException",
        "System.Threading.CancellationToken", "System.Threading.CancellationTokenSource", "System.Threading.Interlocked",
    ];

    private const string ApiNamespace = "HotGears.Scripting.CSharp";

    /// <summary>Types of allowed namespaces that reach outside the gear: refused whole, with the reason.</summary>
    private static readonly Dictionary<string, string> RefusedTypes = new()
    {
        ["System.Activator"] = "reflection",
        ["System.AppDomain"] = "reflection",
        ["System.AppContext"] = "process control",
        ["System.Console"] = "console I/O",
        ["System.GC"] = "process control",
        ["System.RuntimeTypeHandle"] = "reflection",
        ["System.RuntimeMethodHandle"] = "reflection",
        ["System.RuntimeFieldHandle"] = "reflection",
        ["System.ModuleHandle"] = "reflection",
        ["System.TypedReference"] = "unsafe code",
        ["System.ArgIterator"] = "unsafe code",
    };

    /// <summary>Types allowed for some members only (Environment.Exit, Type.GetType ... are refused).</summary>
    private static readonly Dictionary<string, (HashSet<string> Members, string Reason)> PartlyAllowedTypes = new()
    {
        ["System.Environment"] = (["NewLine", "ProcessorCount", "TickCount", "TickCount64", "CurrentManagedThreadId",
            "Is64BitProcess", "Is64BitOperatingSystem"], "process control"),
        ["System.Type"] = (["Name", "FullName", "Namespace", "IsValueType", "IsArray", "IsGenericType", "IsAssignableFrom",
            "IsInstanceOfType", "ToString", "Equals", "GetHashCode", "op_Equality", "op_Inequality"], "reflection"),
    };

    /// <summary>Why a namespace outside the allow-list is refused, for the error text.</summary>
    private static string ReasonFor(string ns) => ns switch
    {
        _ when ns.StartsWith("System.IO", StringComparison.Ordinal) => "file system",
        _ when ns.StartsWith("System.Diagnostics", StringComparison.Ordinal) => "processes",
        _ when ns.StartsWith("System.Reflection", StringComparison.Ordinal) => "reflection",
        _ when ns.StartsWith("System.Runtime", StringComparison.Ordinal) => "interop and runtime internals",
        _ when ns.StartsWith("System.Linq.Expressions", StringComparison.Ordinal) => "code generation",
        _ when ns.StartsWith("System.Net", StringComparison.Ordinal) => "network",
        _ when ns.StartsWith("System.Threading", StringComparison.Ordinal) => "threads",
        _ when ns.StartsWith("HotGears", StringComparison.Ordinal) => "server internals",
        _ => "outside the allowed namespaces",
    };

    public static string? FindRefusal(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            foreach (var directive in root.DescendantTrivia().Where(t => t.IsDirective))
                if (directive.IsKind(SyntaxKind.ReferenceDirectiveTrivia) || directive.IsKind(SyntaxKind.LoadDirectiveTrivia))
                    return Refused(directive.GetLocation(), "#r/#load", "references are fixed");
            if (Walk(root, compilation.GetSemanticModel(tree), compilation) is { } refusal)
                return refusal;
        }
        return null;
    }

    /// <summary>Children before their parent, so that the refusal names the innermost offending reference.</summary>
    private static string? Walk(SyntaxNode node, SemanticModel model, Compilation compilation)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        foreach (var child in node.ChildNodes())
            if (Walk(child, model, compilation) is { } refusal)
                return refusal;
        if (SyntaxRefusal(node) is { } what)
            return Refused(node.GetLocation(), what.Item1, what.Item2);
        return SemanticRefusal(node, model, compilation);
    }

    private static (string, string)? SyntaxRefusal(SyntaxNode node) => node switch
    {
        UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax
            => ("unsafe code", "memory safety"),
        MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax
            => ("__makeref/__reftype/__refvalue", "memory safety"),
        ExpressionSyntax e when e.IsKind(SyntaxKind.ArgListExpression) => ("__arglist", "memory safety"),
        MemberDeclarationSyntax m when HasModifier(m.Modifiers) is { } modifier => (modifier, ModifierReason(modifier)),
        LocalFunctionStatementSyntax f when HasModifier(f.Modifiers) is { } modifier => (modifier, ModifierReason(modifier)),
        ExternAliasDirectiveSyntax => ("extern alias", "references are fixed"),
        _ => null,
    };

    private static string? HasModifier(SyntaxTokenList modifiers) =>
        modifiers.Any(SyntaxKind.UnsafeKeyword) ? "unsafe code" : modifiers.Any(SyntaxKind.ExternKeyword) ? "extern (P/Invoke)" : null;

    private static string ModifierReason(string modifier) => modifier == "unsafe code" ? "memory safety" : "interop";

    /// <summary>
    /// Every reference to a type, member or namespace is a simple name (qualified names and
    /// member accesses end in one), so these are the nodes to bind; what an allowed member hands
    /// back is covered by checking its return or property type. Binding only these keeps the
    /// check a fraction of the compile.
    /// </summary>
    private static string? SemanticRefusal(SyntaxNode node, SemanticModel model, Compilation compilation)
    {
        if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax) || node is IdentifierNameSyntax { IsVar: true })
            return null; // 'var' is checked through its initializer
        var info = model.GetSymbolInfo(node);
        foreach (var symbol in info.CandidateSymbols.Prepend(info.Symbol))
            if (symbol is not null && SymbolRefusal(symbol, compilation) is { } why)
                return Refused(node.GetLocation(), why.What, why.Reason);
        return null;
    }

    private static (string What, string Reason)? SymbolRefusal(ISymbol symbol, Compilation compilation)
    {
        switch (symbol)
        {
            case INamespaceSymbol ns:
                string name = ns.ToDisplayString();
                bool leadsToAllowed = ns.IsGlobalNamespace || AllowedNamespaces.Contains(name)
                    || AllowedNamespaces.Any(a => a.StartsWith(name + ".", StringComparison.Ordinal))
                    || ApiNamespace == name || ApiNamespace.StartsWith(name + ".", StringComparison.Ordinal)
                    || name is "HotGears.Engine.Gears" or "System.Threading";
                return leadsToAllowed ? null : ("namespace " + name, ReasonFor(name));
            case ITypeSymbol type:
                return TypeRefusal(type, compilation);
            case IMethodSymbol method:
                method = method.ReducedFrom ?? method;
                return MemberRefusal(method, compilation)
                    ?? method.TypeArguments.Select(t => TypeRefusal(t, compilation)).FirstOrDefault(r => r is not null)
                    ?? TypeRefusal(method.ReturnType, compilation);
            case IPropertySymbol property:
                return MemberRefusal(property, compilation) ?? TypeRefusal(property.Type, compilation);
            case IFieldSymbol field:
                return MemberRefusal(field, compilation) ?? TypeRefusal(field.Type, compilation);
            case IEventSymbol @event:
                return MemberRefusal(@event, compilation) ?? TypeRefusal(@event.Type, compilation);
            case ILocalSymbol local:
                return TypeRefusal(local.Type, compilation);
            case IParameterSymbol parameter:
                return TypeRefusal(parameter.Type, compilation);
            case IAliasSymbol alias:
                return SymbolRefusal(alias.Target, compilation);
            default:
                return null;
        }
    }

    private static (string What, string Reason)? MemberRefusal(ISymbol member, Compilation compilation)
    {
        if (member.ContainingType is not { } owner) return null;
        if (TypeRefusal(owner, compilation) is { } refused) return refused;
        string ownerName = FullName(owner.OriginalDefinition);
        if (PartlyAllowedTypes.TryGetValue(ownerName, out var partly) && !partly.Members.Contains(member.Name))
            return ($"{ownerName}.{member.Name}", partly.Reason);
        return null;
    }

    private static (string What, string Reason)? TypeRefusal(ITypeSymbol type, Compilation compilation)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return TypeRefusal(array.ElementType, compilation);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return ("pointers", "memory safety");
            case IDynamicTypeSymbol:
                return ("dynamic", "late binding is reflection");
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                    if (TypeRefusal(argument, compilation) is { } refused) return refused;
                return NamedTypeRefusal(named.OriginalDefinition, compilation);
            default:
                return null; // type parameters, error types (reported by the compiler)
        }
    }

    private static (string What, string Reason)? NamedTypeRefusal(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.TypeKind == TypeKind.Error || SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
            return null;
        var outer = type;
        while (outer.ContainingType is { } container) outer = container;
        string ns = outer.ContainingNamespace.ToDisplayString();
        string name = FullName(type);
        if (AllowedApiTypes.Contains(FullName(outer))) return null;
        if (!AllowedNamespaces.Contains(ns)) return (name, ReasonFor(ns));
        return RefusedTypes.TryGetValue(FullName(outer), out var reason) ? (name, reason) : null;
    }

    private static readonly SymbolDisplayFormat FullNameFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    private static string FullName(INamedTypeSymbol type) => type.ToDisplayString(FullNameFormat);

    private static string Refused(Location location, string what, string reason)
    {
        var position = location.GetLineSpan().StartLinePosition;
        return $"{position.Line + 1}:{position.Character + 1}: {what} is not allowed in C# gears ({reason})";
    }
}
