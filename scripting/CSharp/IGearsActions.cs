using HotGears.Engine.Gears;

namespace HotGears.Scripting.CSharp;

/// <summary>Where a builder's run()/register() go: the running script's GearsScriptContext (a recorder in tests).</summary>
internal interface IGearsActions
{
    string Run(StepGraph graph, RunOptions options);

    string Register(StepGraph graph, RegisterOptions options);
}

/// <summary>The actions of a script running in the engine.</summary>
internal sealed class ScriptContextActions(GearsScriptContext context) : IGearsActions
{
    public string Run(StepGraph graph, RunOptions options) => context.Run(graph, options);

    public string Register(StepGraph graph, RegisterOptions options) => context.Register(graph, options);
}
