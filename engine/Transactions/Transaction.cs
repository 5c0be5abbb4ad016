using HotGears.Engine.Commands;
using HotGears.Resp;

namespace HotGears.Engine.Transactions;

/// <summary>
/// The MULTI/EXEC state of one client (Redis's mstate and CLIENT_MULTI / CLIENT_DIRTY_EXEC /
/// CLIENT_DIRTY_CAS flags) and the keys it WATCHes. Runs under the keyspace lock.
/// </summary>
public sealed class Transaction(Session session)
{
    /// <summary>Commands that run at once even inside MULTI (processCommand's exceptions to queuing).</summary>
    private static readonly HashSet<string> NeverQueued = ["exec", "discard", "multi", "watch", "quit", "reset"];

    private readonly List<QueuedCommand> _queued = new();

    /// <summary>Between MULTI and the end of EXEC/DISCARD (CLIENT_MULTI).</summary>
    public bool Active { get; private set; }

    /// <summary>A command was refused while queuing: EXEC will answer EXECABORT (CLIENT_DIRTY_EXEC).</summary>
    public bool QueuingFailed { get; private set; }

    /// <summary>A watched key was modified: EXEC will answer a null array (CLIENT_DIRTY_CAS).</summary>
    public bool WatchTouched { get; internal set; }

    internal List<WatchedKey> Watched { get; } = new();

    internal IReadOnlyList<QueuedCommand> Queued => _queued;

    internal void Begin() => Active = true;

    /// <summary>Redis's flagTransaction: a command was rejected before it could be queued.</summary>
    internal void FlagQueuingError()
    {
        if (Active) QueuingFailed = true;
    }

    /// <summary>
    /// Inside MULTI, queues the command and replies QUEUED; false when the command is to run now
    /// (no transaction, or one of the transaction-control commands).
    /// </summary>
    internal bool TryQueue(CommandDefinition command, CommandArgs args)
    {
        if (!Active || NeverQueued.Contains(command.FullName)) return false; // FullName: SLOWLOG RESET is queued
        // An EXEC that is going to fail anyway needs no commands: don't keep them.
        if (!QueuingFailed && !WatchTouched) _queued.Add(new QueuedCommand(command, args));
        session.Reply.WriteSimpleString("QUEUED"u8);
        return true;
    }

    /// <summary>Ends the transaction and forgets every watched key (DISCARD, EXEC, RESET, disconnection).</summary>
    public void Discard()
    {
        _queued.Clear();
        Active = QueuingFailed = WatchTouched = false;
        Unwatch();
    }

    internal void Unwatch()
    {
        if (Watched.Count != 0) session.Server.Watches.UnwatchAll(this);
    }
}
