using System.ComponentModel;
using System.Runtime.CompilerServices;
using HotGears.Engine.Gears;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace HotGears.Scripting.CSharp;

/// <summary>
/// A runaway gear must neither take the server down nor hold its thread for ever. .NET cannot catch
/// a stack overflow (it ends the process), and cannot stop a thread from outside. So before a script
/// is emitted, every body it declares (methods, local functions, lambdas, accessors, constructors,
/// operators) and every loop body starts with <see cref="Check"/>: it throws while there is still
/// stack left, and once the execution is aborted (RG.ABORTEXECUTION, ExecutionTimeout). The
/// execution reports either as an error like any other.
/// </summary>
public static class GearGuards
{
    /// <summary>Called first in every body and loop iteration of a gear.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Check()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new InsufficientExecutionStackException("the gear recursed too deeply: the stack is exhausted");
        GearsBuiltins.ThrowIfAborted();
    }

    /// <summary>The compilation with guarded bodies. It must compile without errors already (its semantic model decides void bodies).</summary>
    internal static CSharpCompilation Insert(CSharpCompilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = new Rewriter(compilation.GetSemanticModel(tree)).Visit(tree.GetRoot())!;
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(root, tree.Options));
        }
        return compilation;
    }

    private sealed class Rewriter(SemanticModel model) : CSharpSyntaxRewriter
    {
        private static readonly StatementSyntax Guard = ParseStatement("global::HotGears.Scripting.CSharp.GearGuards.Check();");

        /// <summary>
        /// Bottom-up: a node's children are guarded first. The semantic model answers about the
        /// original node (<paramref name="node"/>): whether an expression body is a value.
        /// </summary>
        public override SyntaxNode? Visit(SyntaxNode? node) => base.Visit(node) switch
        {
            BaseMethodDeclarationSyntax m when m.ExpressionBody is { } arrow =>
                m.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow.Expression, node!)),
            BaseMethodDeclarationSyntax m when m.Body is { } body => m.WithBody(Prepend(body)),
            LocalFunctionStatementSyntax f when f.ExpressionBody is { } arrow =>
                f.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow.Expression, node!)),
            LocalFunctionStatementSyntax f when f.Body is { } body => f.WithBody(Prepend(body)),
            AccessorDeclarationSyntax a when a.ExpressionBody is { } arrow =>
                a.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Body(arrow.Expression, node!)),
            AccessorDeclarationSyntax a when a.Body is { } body => a.WithBody(Prepend(body)),
            // `int P => x;` is a getter.
            PropertyDeclarationSyntax p when p.ExpressionBody is { } arrow => p.WithExpressionBody(null).WithSemicolonToken(default)
                .WithAccessorList(AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Block(arrow.Expression, returnsValue: true))))),
            AnonymousFunctionExpressionSyntax f when f.ExpressionBody is { } expression =>
                f.WithExpressionBody(null).WithBlock(Block(expression, ReturnsValue(model.GetSymbolInfo(node!).Symbol as IMethodSymbol))),
            AnonymousFunctionExpressionSyntax f when f.Block is { } body => f.WithBlock(Prepend(body)),
            WhileStatementSyntax loop => loop.WithStatement(Prepend(loop.Statement)),
            DoStatementSyntax loop => loop.WithStatement(Prepend(loop.Statement)),
            ForStatementSyntax loop => loop.WithStatement(Prepend(loop.Statement)),
            CommonForEachStatementSyntax loop => loop.WithStatement(Prepend(loop.Statement)),
            var other => other,
        };

        /// <summary>A declared member's expression body as a guarded block.</summary>
        private BlockSyntax Body(ExpressionSyntax expression, SyntaxNode original) =>
            Block(expression, ReturnsValue(model.GetDeclaredSymbol(original) as IMethodSymbol));

        /// <summary>True when a body's expression is its value (not void, nor the Task of an async body without a result).</summary>
        private static bool ReturnsValue(IMethodSymbol? method)
        {
            if (method == null || method.ReturnsVoid) return false;
            if (!method.IsAsync) return true;
            return method.ReturnType is INamedTypeSymbol { IsGenericType: true };
        }

        private static BlockSyntax Prepend(BlockSyntax body) => body.WithStatements(body.Statements.Insert(0, Guard));

        private static BlockSyntax Prepend(StatementSyntax body) =>
            body is BlockSyntax block ? Prepend(block) : SyntaxFactory.Block(Guard, body);

        private static BlockSyntax Block(ExpressionSyntax expression, bool returnsValue)
        {
            StatementSyntax statement = expression is ThrowExpressionSyntax thrown ? ThrowStatement(thrown.Expression)
                : returnsValue ? ReturnStatement(expression) : ExpressionStatement(expression);
            return SyntaxFactory.Block(Guard, statement);
        }
    }
}
