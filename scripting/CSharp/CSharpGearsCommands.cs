using HotGears.Engine;
using HotGears.Engine.Commands;
using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Scripting.CSharp;

/// <summary>RG.CSEXECUTE: RG.PYEXECUTE's flow and replies (spec §1.1) for a C# gear script.</summary>
public static class CSharpGearsCommands
{
    /// <summary>The plugin's name and version in RG.DUMPPLUGINS (HotGears' own: RedisGears has no C# plugin).</summary>
    public static readonly (string Name, int Version) Plugin = ("GearsCSharpPlugin", 10000);

    [Command("RG.CSEXECUTE", -2, Flags = "readonly", Group = "module",
        Summary = "Runs a C# gear script: OK, [[results],[errors]], the execution id (UNBLOCKING) or the error.",
        Since = "1.2.0", Complexity = "Depends on the script.",
        Syntax = "script [UNBLOCKING] [ID id] [DESCRIPTION description] [UPGRADE] [REPLACE_WITH id]")]
    public static void CsExecute(Session session, CommandArgs args)
    {
        if (!ScriptRequest.TryParse(args, out var request, out var error))
        {
            session.Reply.WriteError(error!);
            return;
        }
        if (request!.Requirements.Count > 0 || request.ForceReinstallRequirements)
        {
            session.Reply.WriteError("C# gears do not take REQUIREMENTS");
            return;
        }
        session.Server.Gears.ExecuteScript(session, request, CSharpScriptRunner.Instance, DotNetLanguage.Instance.Name);
    }
}
