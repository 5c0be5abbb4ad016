using System.Diagnostics;
using System.Text;
using HotGears.Engine.Blocking;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Finds the command for a request, applies the checks Redis applies before calling it
/// (unknown command, unknown subcommand, arity, pub/sub context, MULTI) with Redis's error texts,
/// queues it inside MULTI or runs it, and keeps the statistics (INFO commandstats, SLOWLOG).
/// The caller holds the keyspace lock.
/// </summary>
public sealed class Dispatcher(Server server)
{
    private static readonly HashSet<string> AllowedWhileSubscribed =
        ["ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset"];

    /// <summary>The session whose command is executing now (one at a time, under the lock).</summary>
    public Session? Current { get; private set; }

    /// <summary>Runs a request, whatever CLIENT PAUSE says (in-process callers, commands inside others).</summary>
    public void Execute(Session session, CommandArgs args) => Execute(session, args, honourPause: false);

    /// <summary>
    /// Runs a client's request unless CLIENT PAUSE holds it back: then nothing is run or replied,
    /// and the returned task completes when the pause ends, for the caller to retry the request.
    /// </summary>
    public Task? ExecuteUnlessPaused(Session session, CommandArgs args) => Execute(session, args, honourPause: true);

    private Task? Execute(Session session, CommandArgs args, bool honourPause)
    {
        // Commands run inside another (EXEC, scripts) belong to its reply: only the outermost
        // one moves the CLIENT REPLY SKIP state on, as Redis's resetClient after each request.
        bool outermost = Current == null;
        var command = Resolve(session, args);
        if (command == null) session.Transaction.FlagQueuingError();
        else
        {
            // Checked after the arity and auth checks: a malformed command is answered at once.
            if (honourPause && outermost && server.Pause.Holds(command) is { } pauseEnds) return pauseEnds;
            Run(session, command, args);
        }
        if (outermost) session.EndCommandReply();
        return null;
    }

    private void Run(Session session, CommandDefinition command, CommandArgs args)
    {
        session.LastCommand = command.FullName; // set before running, as Redis does: CLIENT INFO shows itself
        if (session.Transaction.TryQueue(command, args))
        {
            // Not run, but the client is active: `timeout` must not close it while it queues.
            session.LastInteractionMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return;
        }
        Call(session, command, args);
    }

    /// <summary>
    /// Runs a resolved command and accounts for it (Redis's call()): for requests, and for the
    /// commands EXEC runs. A nested call keeps the command time of the outer one.
    /// </summary>
    internal void Call(Session session, CommandDefinition command, CommandArgs args) => Call(session, command, args, intercepted: true);

    /// <summary>
    /// Runs a command as <see cref="Call(Session, CommandDefinition, CommandArgs)"/> does, but never
    /// through its interceptor: what a command hook's call_next reaches at the end of the chain.
    /// </summary>
    public void CallUnintercepted(Session session, CommandDefinition command, CommandArgs args) => Call(session, command, args, intercepted: false);

    private void Call(Session session, CommandDefinition command, CommandArgs args, bool intercepted)
    {
        var reply = session.Reply;
        var previous = Current;
        if (previous == null) server.RefreshClock();
        session.ClearRedactions();
        Current = session;
        session.ErrorsAccounted = reply.ErrorsWritten;
        long started = Stopwatch.GetTimestamp();
        try
        {
            if (!intercepted || command.Interceptor is not { } interceptor || !interceptor.TryIntercept(session, command, args))
                command.Handler!(session, args);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ReportFailure(session, command.FullName, ex);
        }
        finally
        {
            Current = previous;
        }
        // Clients blocked on keys this command fed are served once it is done, not inside
        // MULTI/EXEC or scripts (they run their commands nested, with Current already set).
        if (previous == null && server.Blocking.HasReadyKeys) server.Blocking.ServeReadyKeys();
        long micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;

        var stats = command.Stats;
        stats.Calls++;
        stats.Microseconds += micros;
        // Errors of nested calls (the commands of an EXEC) were counted for them, not for this one.
        if (reply.ErrorsWritten != session.ErrorsAccounted) stats.FailedCalls++;
        session.ErrorsAccounted = reply.ErrorsWritten;
        server.Stats.TotalCommandsProcessed++;
        session.LastInteractionMs = server.NowMs;

        long threshold = server.Config.SlowlogLogSlowerThan;
        if (threshold >= 0 && micros >= threshold && !command.Has(CommandFlags.Skip_Slowlog))
            server.SlowLog.Add(SlowLogEntry(session, args, micros), server.Config.SlowlogMaxLen);
    }

    /// <summary>
    /// Runs a blocked client's retry against a ready key on behalf of that client: it is
    /// <see cref="Current"/> meanwhile, so messages it causes for itself precede its reply.
    /// </summary>
    internal bool Serve(Session session, BlockedRetry retry, byte[] key)
    {
        var previous = Current;
        Current = session;
        try
        {
            return retry(key);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ReportFailure(session, session.LastCommand, ex);
            return true;
        }
        finally
        {
            Current = previous;
        }
    }

    private static void ReportFailure(Session session, string command, Exception ex)
    {
        Log.Warning($"command '{command}' failed: {ex}");
        session.Reply.WriteError("ERR " + ex.Message.ReplaceLineEndings(" "));
    }

    /// <summary>The command to run, or null after replying why there is none.</summary>
    private CommandDefinition? Resolve(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var command = server.Commands.Find(args[0]);
        if (command == null)
        {
            reply.WriteError(UnknownCommand(args));
            return null;
        }
        // A container runs a subcommand; one with a handler of its own (COMMAND) also runs alone.
        if (command.IsContainer && (args.Count >= 2 || command.Handler == null))
        {
            if (args.Count < 2)
            {
                command.Stats.RejectedCalls++;
                reply.WriteError(Errors.WrongArity(command.FullName));
                return null;
            }
            var sub = command.FindSubcommand(args[1]);
            if (sub == null)
            {
                reply.WriteError($"ERR unknown subcommand '{Truncate(args.GetString(1), 128)}'. Try {command.Name.ToUpperInvariant()} HELP.");
                return null;
            }
            command = sub;
        }
        if (!command.ArityAccepts(args.Count))
        {
            command.Stats.RejectedCalls++;
            reply.WriteError(Errors.WrongArity(command.FullName));
            return null;
        }
        if (session.Protocol == 2 && session.SubscriptionCount > 0 && !AllowedWhileSubscribed.Contains((command.Parent ?? command).Name))
        {
            command.Stats.RejectedCalls++;
            reply.WriteError($"ERR Can't execute '{command.FullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return null;
        }
        if (!session.Authenticated && !command.Has(CommandFlags.No_Auth) && server.Config.RequirePass.Length > 0)
        {
            command.Stats.RejectedCalls++;
            reply.WriteError(Errors.NoAuth);
            return null;
        }
        if (session.Transaction.Active && command.Has(CommandFlags.No_Multi))
        {
            command.Stats.RejectedCalls++;
            reply.WriteError("ERR Command not allowed inside a transaction"u8);
            return null;
        }
        return command;
    }

    /// <summary>"unknown command 'x', with args beginning with: 'a' 'b' " exactly as Redis 7.0 builds it.</summary>
    private static string UnknownCommand(CommandArgs args)
    {
        var text = new StringBuilder();
        for (int i = 1; i < args.Count && text.Length < 128; i++)
        {
            int room = 128 - text.Length; // measured before the quote, as Redis's sdscatprintf("'%.*s' ") does
            text.Append('\'').Append(Truncate(args.GetString(i), room)).Append("' ");
        }
        return Sanitize($"ERR unknown command '{Truncate(args.GetString(0), 128)}', with args beginning with: {text}");
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>An error reply cannot hold line breaks; Redis turns them into spaces.</summary>
    private static string Sanitize(string s) => s.Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>The arguments as Redis logs them: at most 32, each cut at 128 bytes, passwords redacted.</summary>
    private static SlowLog.Entry SlowLogEntry(Session session, CommandArgs args, long micros)
    {
        const int maxArgs = 32, maxArgLength = 128;
        int shown = Math.Min(args.Count, maxArgs);
        var logged = new byte[shown][];
        for (int i = 0; i < shown; i++)
        {
            if (i == maxArgs - 1 && args.Count > maxArgs)
            {
                logged[i] = Encoding.ASCII.GetBytes($"... ({args.Count - maxArgs + 1} more arguments)");
                break;
            }
            var arg = args[i];
            if (session.IsRedacted(i)) logged[i] = "(redacted)"u8.ToArray();
            else if (arg.Length > maxArgLength)
                logged[i] = [.. arg[..maxArgLength], .. Encoding.ASCII.GetBytes($"... ({arg.Length - maxArgLength} more bytes)")];
            else logged[i] = arg.ToArray();
        }
        return new SlowLog.Entry(0, session.Server.NowMs / 1000, micros, logged, session.Transport.RemoteAddress, session.Name ?? "");
    }
}
