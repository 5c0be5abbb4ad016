using HotGears.Engine;
using HotGears.Engine.Commands;
using HotGears.Engine.Gears;
using HotGears.Resp;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>RG.PYEXECUTE and the other RG.PY* commands of the Python plugin (spec §1.1, §1.2).</summary>
public static class PythonCommands
{
    /// <summary>The plugin's name and version in RG.DUMPPLUGINS, as RedisGears 1.2's Python plugin reports them.</summary>
    public static readonly (string Name, int Version) Plugin = ("GearsPythonPlugin", 10000);

    [Command("RG.PYEXECUTE", -2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Runs a Python gears script",
        Syntax = "script [UNBLOCKING] [ID id] [DESCRIPTION description] [UPGRADE] [REPLACE_WITH id] [FORCE_REINSTALL_REQUIREMENTS] [REQUIREMENTS requirement [requirement ...]]")]
    public static void PyExecute(Session session, CommandArgs args)
    {
        if (!ScriptRequest.TryParse(args, out var request, out string? error))
        {
            session.Reply.WriteError(error!);
            return;
        }
        var config = session.Server.Gears.Config;
        PythonRuntime.Settings = new PythonSettings(config.GetExtra("PythonLibrary"), config.GetExtra("PythonHome"),
            CountAllocations: config.GetExtra("OverridePythonAllocators") is not "0");
        session.Server.Gears.ExecuteScript(session, request!, PythonScriptRunner.Instance, "python");
    }

    [Command("RG.PYDUMPSESSIONS", -1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Lists the Python sessions", Syntax = "[VERBOSE] [DEAD] [SESSIONS session [session ...]]")]
    public static void DumpSessions(Session session, CommandArgs args)
    {
        bool verbose = false, dead = false;
        List<string>? names = null;
        for (int i = 1; i < args.Count; i++)
        {
            if (args.Is(i, "VERBOSE"u8)) verbose = true;
            else if (args.Is(i, "DEAD"u8)) dead = true;
            else if (args.Is(i, "SESSIONS"u8))
            {
                names = [];
                for (int j = i + 1; j < args.Count; j++) names.Add(args.GetString(j));
                break;
            }
            else
            {
                session.Reply.WriteError($"Unknown option {args.GetString(i)}");
                return;
            }
        }
        var sessions = PythonSessions.All(session.Server.Gears).Where(s => s.Dead == dead).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var reply = session.Reply;
        if (names == null)
        {
            reply.WriteArrayHeader(sessions.Count);
            foreach (var id in sessions.Keys.Order(StringComparer.Ordinal)) PythonSessions.Write(reply, sessions[id], verbose);
            return;
        }
        reply.WriteArrayHeader(names.Count);
        foreach (var name in names)
        {
            if (sessions.TryGetValue(name, out var found)) PythonSessions.Write(reply, found, verbose);
            else reply.WriteBulk($"Session {name} does not exists");
        }
    }

    [Command("RG.PYPROFILE", -3, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Python profiling data of a session (collected while ProfileExecutions is 1)", Syntax = "(STATS|RESET) session [order_by]")]
    public static void Profile(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        bool stats = args.Is(1, "STATS"u8);
        if (!stats && !args.Is(1, "RESET"u8))
        {
            reply.WriteError("Wrong subcommand given to RG.PYPROFILE");
            return;
        }
        string id = args.GetString(2);
        if (!PythonSessions.All(session.Server.Gears).Any(s => s.Id == id))
        {
            reply.WriteError("session does not exists");
            return;
        }
        try
        {
            PythonRuntime.Get();
            if (stats) reply.WriteBulk(PythonProfiles.Stats(id));
            else
            {
                PythonProfiles.Reset(id);
                reply.WriteOk();
            }
        }
        catch (PythonUnavailableException ex)
        {
            reply.WriteError(PythonScriptRunner.UnavailableMessage(ex));
        }
        catch (PythonException ex)
        {
            reply.WriteError(ex.Message.ReplaceLineEndings(" "));
        }
    }

    [Command("RG.PYSTATS", 1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Bytes allocated by Python: total, peak and current (counted while OverridePythonAllocators is 1)")]
    public static void Stats(Session session, CommandArgs args)
    {
        var (total, peak, current) = PythonAllocations.Stats;
        var reply = session.Reply;
        reply.WriteArrayHeader(6);
        reply.WriteBulk("TotalAllocated");
        reply.WriteInteger(total);
        reply.WriteBulk("PeakAllocated");
        reply.WriteInteger(peak);
        reply.WriteBulk("CurrAllocated");
        reply.WriteInteger(current);
    }

    [Command("RG.PYDUMPREQS", 1, Flags = "readonly", Group = "gears", Since = "1.0.0", Summary = "Lists the installed Python requirements")]
    public static void DumpRequirements(Session session, CommandArgs args)
    {
        var requirements = PythonRequirements.All();
        session.Reply.WriteArrayHeader(requirements.Count);
        foreach (var requirement in requirements) requirement.Write(session.Reply, PythonSessions.RefCount(session.Server.Gears, requirement.Name));
    }

    [Command("RG.PYEXPORTREQ", 2, Flags = "readonly", Group = "gears", Since = "1.2.0",
        Summary = "Exports an installed Python requirement", Syntax = "name")]
    public static void ExportRequirement(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (PythonRequirements.Find(args.GetString(1)) is not { } requirement)
        {
            reply.WriteError("requirement does not exists");
            return;
        }
        var chunks = PythonRequirements.Export(requirement);
        reply.WriteArrayHeader(2);
        requirement.Write(reply, PythonSessions.RefCount(session.Server.Gears, requirement.Name));
        reply.WriteArrayHeader(chunks.Count);
        foreach (var chunk in chunks) reply.WriteBulk(chunk);
    }

    [Command("RG.PYIMPORTREQ", -2, Flags = "write", Group = "gears", Since = "1.2.0",
        Summary = "Installs a Python requirement exported by RG.PYEXPORTREQ", Syntax = "chunk [chunk ...]")]
    public static void ImportRequirement(Session session, CommandArgs args)
    {
        if (!session.CanBlock || session.InTransaction)
        {
            session.Reply.WriteError("Can not run gears inside a multi exec, lua, or when blocking is not allowed");
            return;
        }
        var chunks = new List<byte[]>();
        for (int i = 1; i < args.Count; i++) chunks.Add(args.ToArray(i));
        var server = session.Server;
        string? error = null;
        var work = Task.Run(async () =>
        {
            try
            {
                await PythonRequirements.ImportAsync(server.Gears.Config, chunks, server.ShutdownRequested.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                error = ex is PythonUnavailableException python ? PythonScriptRunner.UnavailableMessage(python) : ex.Message;
            }
        });
        server.Blocking.BlockUntil(session, work, client =>
        {
            if (error != null) client.Reply.WriteError(error);
            else client.Reply.WriteOk();
        });
    }

    [Command("RG.PYEXECUTEREMOTE", -1, Flags = "readonly", Group = "gears", Since = "1.0.0", Summary = "No longer supported")]
    public static void ExecuteRemote(Session session, CommandArgs args) => session.Reply.WriteBulk("Execute remote is not longer supported");

    [Command("RG.PYFREEINTERPRETER", -1, Flags = "readonly", Group = "gears", Since = "1.0.0", Summary = "No longer supported")]
    public static void FreeInterpreter(Session session, CommandArgs args) => session.Reply.WriteBulk("Free interpreter is not longer supported");
}
