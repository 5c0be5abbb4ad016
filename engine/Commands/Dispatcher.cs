using System.Diagnostics;
using System.Text;
using HotGears.Engine.Blocking;
using HotGears.Resp;

namespace HotGears.Engine.Commands;

/// <summary>
/// Finds the command for a request, applies the checks Redis applies before calling it
/// (unknown command, unknown subcommand, arity, pub/sub context) with Redis's error texts, runs
/// it, and keeps the statistics (INFO commandstats, SLOWLOG). The caller holds the keyspace lock.
/// </summary>
public sealed class Dispatcher(Server server)
{
    private static readonly HashSet<string> AllowedWhileSubscribed =
        ["ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset"];

    /// <summary>The session whose command is executing now (one at a time, under the lock).</summary>
    public Session? Current { get; private set; }

    public void Execute(Session session, CommandArgs args)
    {
        var reply = session.Reply;
        var command = Resolve(session, args);
        if (command == null) return;

        server.RefreshClock();
        var previous = Current;
        Current = session;
        long errorsBefore = reply.ErrorsWritten;
        long started = Stopwatch.GetTimestamp();
        try
        {
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
        if (reply.ErrorsWritten != errorsBefore) stats.FailedCalls++;
        server.Stats.TotalCommandsProcessed++;
        session.LastCommand = command.FullName;
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
        if (command.IsContainer)
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
        return command;
    }

    /// <summary>"unknown command 'x', with args beginning with: 'a' 'b' " exactly as Redis 7.0 builds it.</summary>
    private static string UnknownCommand(CommandArgs args)
    {
        var text = new StringBuilder();
        for (int i = 1; i < args.Count && text.Length < 128; i++)
            text.Append('\'').Append(Truncate(args.GetString(i), 128 - text.Length)).Append("' ");
        return Sanitize($"ERR unknown command '{Truncate(args.GetString(0), 128)}', with args beginning with: {text}");
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>An error reply cannot hold line breaks; Redis turns them into spaces.</summary>
    private static string Sanitize(string s) => s.Replace('\r', ' ').Replace('\n', ' ');

    private static SlowLog.Entry SlowLogEntry(Session session, CommandArgs args, long micros)
    {
        const int maxArgs = 32, maxArgLength = 128;
        int shown = Math.Min(args.Count, maxArgs);
        var logged = new string[shown];
        for (int i = 0; i < shown; i++)
        {
            if (i == maxArgs - 1 && args.Count > maxArgs)
            {
                logged[i] = $"... ({args.Count - maxArgs + 1} more arguments)";
                break;
            }
            var arg = args[i];
            logged[i] = arg.Length > maxArgLength
                ? Encoding.UTF8.GetString(arg[..maxArgLength]) + $"... ({arg.Length - maxArgLength} more bytes)"
                : Encoding.UTF8.GetString(arg);
        }
        return new SlowLog.Entry(0, session.Server.NowMs / 1000, micros, logged, session.Transport.RemoteAddress, session.Name ?? "");
    }
}
