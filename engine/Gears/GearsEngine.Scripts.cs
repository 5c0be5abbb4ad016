namespace HotGears.Engine.Gears;

public sealed partial class GearsEngine
{
    private const string CannotBlockError = "Can not run gears inside a multi exec, lua, or when blocking is not allowed";

    /// <summary>
    /// The flow of RG.PYEXECUTE and RG.CSEXECUTE (spec §1.1), called by their handlers under the
    /// keyspace lock after <see cref="ScriptRequest.TryParse"/>: checks the session rules, blocks
    /// the client (without a thread) while <paramref name="runner"/> runs the script on a pool
    /// thread, then installs its registrations and replies: the error, OK when it registered
    /// (registrations win over a run), [[results],[errors]] for a blocking run (the execution is
    /// then dropped from the list), the execution id with UNBLOCKING, OK when it did neither.
    /// </summary>
    /// <param name="language">"python" or "csharp": the session's language.</param>
    public void ExecuteScript(Session client, ScriptRequest request, IGearsScriptRunner runner, string language)
    {
        var reply = client.Reply;
        if (!client.CanBlock || client.InTransaction)
        {
            reply.WriteError(CannotBlockError);
            return;
        }
        string id = request.Id ?? GearsIds.RandomSessionId();
        GearsSession? replaced = null;
        if (request.ReplaceWith != null)
        {
            if (_sessions.ContainsKey(id))
            {
                reply.WriteError($"Can not replace an existing session {id} with {request.ReplaceWith}");
                return;
            }
            if (!_sessions.TryGetValue(request.ReplaceWith, out replaced))
            {
                reply.WriteError($"Can not replace with {request.ReplaceWith}, session does not exists.");
                return;
            }
        }
        else if (_sessions.TryGetValue(id, out var existing))
        {
            if (!request.Upgrade)
            {
                reply.WriteError($"Session {id} already exists");
                return;
            }
            replaced = existing;
        }

        var session = new GearsSession(this, id, request.Description, language);
        var context = new GearsScriptContext(this, session);
        var outcome = new ScriptOutcome();
        var work = Task.Run(() => RunScriptAsync(request, runner, context, replaced, outcome));
        Server.Blocking.BlockUntil(client, work, outcome.Write);
    }

    private async Task RunScriptAsync(ScriptRequest request, IGearsScriptRunner runner, GearsScriptContext context, GearsSession? replaced, ScriptOutcome outcome)
    {
        GearsBuiltins.EnterScript(this);
        try
        {
            await runner.RunAsync(request, context, Server.ShutdownRequested.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (context.Execution is { } started)
            {
                started.Abort();
                DropExecution(started);
            }
            outcome.Error = ex is GearsScriptException or GearsErrorException ? ex.Message : ex.Message.ReplaceLineEndings(" ");
            return;
        }

        var registrations = context.PendingRegistrations;
        if (registrations.Count > 0 || replaced != null) Install(context.Session, registrations, replaced);
        if (registrations.Count > 0)
        {
            foreach (var registration in registrations) CallOnRegistered(registration);
            return; // +OK
        }
        if (context.Execution is not { } execution) return; // +OK
        if (request.Unblocking)
        {
            outcome.ExecutionId = execution.Id;
            return;
        }
        await execution.Completion;
        outcome.Results = execution;
        DropExecution(execution); // blocking runs leave the list once they reply
    }

    private static void CallOnRegistered(Registration registration)
    {
        if (registration.Options.OnRegistered is not { } onRegistered) return;
        try
        {
            onRegistered();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Warning($"gears: onRegistered of {registration.Id} failed: {registration.Graph.Language.FormatError(ex)}");
        }
    }

    /// <summary>What a script's run comes to, written as the client's reply once it is done.</summary>
    private sealed class ScriptOutcome
    {
        public string? Error;
        public string? ExecutionId;
        public Execution? Results;

        public void Write(Session client)
        {
            var reply = client.Reply;
            if (Error != null) reply.WriteError(Error.ReplaceLineEndings(" "));
            else if (Results != null) Results.WriteResults(reply);
            else if (ExecutionId != null) reply.WriteBulk(ExecutionId);
            else reply.WriteOk();
        }
    }
}
