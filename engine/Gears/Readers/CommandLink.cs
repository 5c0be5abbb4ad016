using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// The client command an execution is linked to (a CommandReader hook, a KeysReader `commands=`
/// event): what get_command() returns and override_reply() replaces.
/// </summary>
internal class CommandLink(Session session, IReadOnlyList<string> argv) : IGearsCommandLink
{
    private int _overridden; // 0: no, 1: being set, 2: set
    private object? _override;
    private IGearsLanguage? _overrideLanguage;

    public Session Session { get; } = session;

    /// <summary>The command's arguments, its name first as the client typed it.</summary>
    public IReadOnlyList<string> Command { get; } = argv;

    /// <summary>Set by the first override_reply(): the client gets that reply instead.</summary>
    public bool HasOverride => Volatile.Read(ref _overridden) == 2;

    /// <summary>override_reply(value): only the first call wins, later ones throw. The value renders as the calling execution's language writes it.</summary>
    public void OverrideReply(object? value)
    {
        var language = GearsBuiltins.CurrentExecution?.Language ?? throw new GearsErrorException("Can not override reply outside of an execution");
        if (Interlocked.CompareExchange(ref _overridden, 1, 0) != 0) throw new GearsErrorException("Can not override reply twice");
        _override = value;
        _overrideLanguage = language;
        Volatile.Write(ref _overridden, 2);
    }

    /// <summary>Writes the override_reply() value as the command's reply (spec §2.6).</summary>
    public void WriteOverride(RespWriter reply) => _overrideLanguage!.WriteReply(reply, _override);

    /// <summary>call_next(args): only a hook's execution can pass its call on.</summary>
    public virtual object? CallNext(object?[] args) => throw new GearsErrorException("Can not get CommandHook ctx");
}
