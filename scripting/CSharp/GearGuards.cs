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
        GearsBuiltins.Cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>The compilation with guarded bodies. It must compile without errors already (its semantic model decides void bodies).</summary>
    internal static CSharpCompilation Insert(CSharpCompilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = new Rewriter(compilation.GetSemanticModel(tree)).Visit(tree.GetRoot());
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(root, tree.Options));
        }
        return compilation;
    }

    private sealed class Rewriter(SemanticModel model) : CSharpSyntaxRewriter
    {
        private static readonly StatementSyntax Guard = ParseStatement("global::HotGears.Scripting.CSharp.GearGuards.Check();");

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) =>
            GuardMember((MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!, node);

        public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
            GuardMember((ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!, node);

        public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) =>
            GuardMember((OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!, node);

        public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
            GuardMember((ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!, node);

        public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
        {
            var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
            if (visited.Body is { } body) return visited.WithBody(Prepend(body));
            if (visited.ExpressionBody is { } arrow)
                return visited.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithBody(Block(arrow.Expression, ReturnsValue(model.GetDeclaredSymbol(node))));
            return visited;
        }

        /// <summary>`int P => x;`: the getter's body.</summary>
        public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
        {
            var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
            if (visited.ExpressionBody is not { } arrow) return visited;
            var getter = AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Block(arrow.Expression, returnsValue: true));
            return visited.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(AccessorList(SingletonList(getter)));
        }

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
            if (visited.Body is { } body) return visited.WithBody(Prepend(body));
            if (visited.ExpressionBody is { } arrow)
                return visited.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithBody(Block(arrow.Expression, ReturnsValue(model.GetDeclaredSymbol(node) as IMethodSymbol)));
            return visited;
        }

        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
            GuardFunction((SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!, node);

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
            GuardFunction((ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!, node);

        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) =>
            GuardFunction((AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!, node);

        private T GuardMember<T>(T visited, T original) where T : BaseMethodDeclarationSyntax
        {
            if (visited.Body is { } body) return (T)visited.WithBody(Prepend(body));
            if (visited.ExpressionBody is { } arrow)
                return (T)visited.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithBody(Block(arrow.Expression, ReturnsValue(model.GetDeclaredSymbol(original) as IMethodSymbol)));
            return visited;
        }

        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
        {
            var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
            return visited.WithStatement(Prepend(visited.Statement));
        }

        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
        {
            var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
            return visited.WithStatement(Prepend(visited.Statement));
        }

        public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
        {
            var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
            return visited.WithStatement(Prepend(visited.Statement));
        }

        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
        {
            var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
            return visited.WithStatement(Prepend(visited.Statement));
        }

        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
        {
            var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
            return visited.WithStatement(Prepend(visited.Statement));
        }

        private AnonymousFunctionExpressionSyntax GuardFunction(AnonymousFunctionExpressionSyntax visited, AnonymousFunctionExpressionSyntax original)
        {
            if (visited.Block is { } body) return visited.WithBlock(Prepend(body));
            if (visited.ExpressionBody is { } expression)
                return visited.WithExpressionBody(null).WithBlock(Block(expression, ReturnsValue(model.GetSymbolInfo(original).Symbol as IMethodSymbol)));
            return visited;
        }

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
