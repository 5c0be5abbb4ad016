using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>The executions list: RG.DUMPEXECUTIONS, RG.GETEXECUTION, RG.GETRESULTS(BLOCKING), RG.ABORTEXECUTION, RG.DROPEXECUTION.</summary>
internal static class GearsExecutionCommands
{
    private const string NoSuchPlan = "execution plan does not exist";

    [Command("RG.ABORTEXECUTION", 2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Aborts an execution", Syntax = "id")]
    public static void Abort(Session session, CommandArgs args)
    {
        // A finished execution replies OK too (spec: DOC≠CODE); a running one stops at its next record.
        if (session.Server.Gears.AbortExecution(args.GetString(1))) session.Reply.WriteOk();
        else session.Reply.WriteError("execution does not exist");
    }

    [Command("RG.DROPEXECUTION", 2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Removes an execution from the executions list", Syntax = "id")]
    public static void Drop(Session session, CommandArgs args)
    {
        var gears = session.Server.Gears;
        var execution = gears.FindExecution(args.GetString(1));
        if (execution == null) session.Reply.WriteError(NoSuchPlan);
        else if (!execution.IsDone) session.Reply.WriteError("can not drop a not yet finished execution, abort it first.");
        else
        {
            gears.DropExecution(execution);
            session.Reply.WriteOk();
        }
    }

    [Command("RG.DUMPEXECUTIONS", -1, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Lists the executions in the executions list")]
    public static void Dump(Session session, CommandArgs args)
    {
        var gears = session.Server.Gears;
        var reply = session.Reply;
        reply.WriteArrayHeader(gears.ExecutionCount);
        foreach (var execution in gears.Executions)
        {
            reply.WriteArrayHeader(6);
            reply.WriteBulk("executionId");
            reply.WriteBulk(execution.Id);
            reply.WriteBulk("status");
            reply.WriteBulk(execution.StatusName);
            reply.WriteBulk("registered");
            reply.WriteInteger(execution.Registration != null ? 1 : 0);
        }
    }

    [Command("RG.GETEXECUTION", -2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Returns the details of an execution", Syntax = "id [SHARD|CLUSTER]")]
    public static void Get(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        if (args.Count > 3)
        {
            reply.WriteError(Errors.WrongArity("rg.getexecution"));
            return;
        }
        if (args.Count == 3 && !args.Is(2, "SHARD"u8))
        {
            reply.WriteError(args.Is(2, "CLUSTER"u8)
                ? "no cluster detected - use `RG.GETEXECUTION <id> [SHARD]` instead"
                : "unknown subcommand");
            return;
        }
        var execution = session.Server.Gears.FindExecution(args.GetString(1));
        if (execution == null)
        {
            reply.WriteError(NoSuchPlan);
            return;
        }
        reply.WriteArrayHeader(1);
        reply.WriteArrayHeader(4);
        reply.WriteBulk("shard_id");
        reply.WriteBulk(GearsIds.ShardId);
        reply.WriteBulk("execution_plan");
        WritePlan(reply, execution);
    }

    private static void WritePlan(RespWriter reply, Execution execution)
    {
        bool done = execution.IsDone;
        reply.WriteArrayHeader(16);
        reply.WriteBulk("status");
        reply.WriteBulk(execution.StatusName);
        reply.WriteBulk("shards_received");
        reply.WriteInteger(0);
        reply.WriteBulk("shards_completed");
        reply.WriteInteger(0);
        reply.WriteBulk("results");
        reply.WriteInteger(done ? execution.Results.Count : -1);
        reply.WriteBulk("errors");
        if (done)
        {
            reply.WriteArrayHeader(execution.Errors.Count);
            foreach (var error in execution.Errors) reply.WriteBulk(error);
        }
        else reply.WriteArrayHeader(0);
        reply.WriteBulk("total_duration");
        reply.WriteInteger(execution.TotalDurationMs);
        reply.WriteBulk("read_duration");
        reply.WriteInteger(execution.ReadDurationMs);
        reply.WriteBulk("steps");
        var steps = execution.Plan.Steps;
        var durations = execution.StepDurationsMs;
        reply.WriteArrayHeader(steps.Count);
        for (int i = steps.Count - 1; i >= 0; i--) // RedisGears lists the plan from its last step
        {
            reply.WriteArrayHeader(8);
            reply.WriteBulk("type");
            reply.WriteBulk(steps[i].Type);
            reply.WriteBulk("duration");
            reply.WriteInteger(done && i < durations.Count ? durations[i] : 0);
            reply.WriteBulk("name");
            reply.WriteBulk(steps[i].Name);
            reply.WriteBulk("arg");
            reply.WriteBulk(steps[i].Arg);
        }
    }

    [Command("RG.GETRESULTS", -2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Returns the results and errors of an execution", Syntax = "id")]
    public static void GetResults(Session session, CommandArgs args)
    {
        var execution = session.Server.Gears.FindExecution(args.GetString(1));
        if (execution == null) session.Reply.WriteError(NoSuchPlan);
        else if (!execution.IsDone) session.Reply.WriteError("execution is still running");
        else execution.WriteResults(session.Reply);
    }

    [Command("RG.GETRESULTSBLOCKING", 2, Flags = "readonly", Group = "gears", Since = "1.0.0",
        Summary = "Blocks the client until an execution ends, then returns its results and errors", Syntax = "id")]
    public static void GetResultsBlocking(Session session, CommandArgs args)
    {
        var execution = session.Server.Gears.FindExecution(args.GetString(1));
        if (execution == null) session.Reply.WriteError(NoSuchPlan);
        else if (execution.IsDone) execution.WriteResults(session.Reply);
        else if (!session.CanBlock || session.InTransaction) session.Reply.WriteError("execution is still running");
        else session.Server.Blocking.BlockUntil(session, execution.Completion, client => execution.WriteResults(client.Reply));
    }
}
