using System.Buffers;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// A call of a command that KeysReader `commands=` registrations hook: while the command runs,
/// the events it raises fire those registrations, whose executions are linked to it. The
/// command's own reply is held back; the client gets it once the linked executions are done,
/// unless one of them replaced it (override_reply).
/// </summary>
internal sealed class EventCommandLink(Session session, IReadOnlyList<string> argv, IReadOnlyCollection<object> registrations)
    : CommandLink(session, argv)
{
    [ThreadStatic] private static EventCommandLink? t_current;

    private readonly ArrayBufferWriter<byte> _held = new();
    private List<Task>? _pending;
    private IBufferWriter<byte>? _output;
    private EventCommandLink? _previous;

    /// <summary>The registrations this call may fire, those that listed its command.</summary>
    public bool Fires(object registration) => registrations.Contains(registration);

    /// <summary>
    /// The link of the command running now on behalf of <paramref name="client"/> (the session the
    /// dispatcher runs), if it is a hooked call: commands gears run themselves meanwhile have
    /// their own session, and are not linked.
    /// </summary>
    public static EventCommandLink? For(Session? client) => t_current is { } link && link.Session == client ? link : null;

    /// <summary>An async execution the client waits for (not inside MULTI/Lua: there it is detached).</summary>
    public void Wait(Task execution)
    {
        if (Session.CanBlock && !Session.InTransaction) (_pending ??= new()).Add(execution);
    }

    /// <summary>The command starts: this link is current and its reply is held back.</summary>
    public void Begin()
    {
        _output = Session.Reply.Output;
        _previous = t_current;
        t_current = this;
        Session.Reply.Output = _held;
    }

    /// <summary>The command failed (it threw): the link is left without replying.</summary>
    public void Abandon()
    {
        Session.Reply.Output = _output!;
        t_current = _previous;
    }

    /// <summary>The command ended: replies now, or once the linked executions end.</summary>
    public void End()
    {
        Abandon();
        // A client already held (back-pressure on a full queue) cannot block again: it gets the reply as things stand.
        if (_pending == null || Session.IsBlocked) Reply(Session);
        else Session.Server.Blocking.BlockUntil(Session, Task.WhenAll(_pending), Reply);
    }

    private void Reply(Session client)
    {
        if (HasOverride) WriteOverride(client.Reply);
        else client.Reply.WriteRaw(_held.WrittenSpan);
    }
}
