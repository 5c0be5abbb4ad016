namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// The client command an execution is linked to (a CommandReader hook, a KeysReader `commands=`
/// event): what get_command() returns and override_reply() replaces.
/// </summary>
internal class CommandLink(Session session, IReadOnlyList<string> argv)
{
    private int _overridden;

    public Session Session { get; } = session;

    /// <summary>The command's arguments, its name first as the client typed it.</summary>
    public IReadOnlyList<string> Argv { get; } = argv;

    /// <summary>Set by the first override_reply(): the reply the client gets instead.</summary>
    public bool HasOverride => Volatile.Read(ref _overridden) == 2;

    public object? OverrideValue { get; private set; }

    /// <summary>The language that renders <see cref="OverrideValue"/>.</summary>
    public IGearsLanguage? OverrideLanguage { get; private set; }

    /// <summary>override_reply(value): only the first call wins, later ones throw.</summary>
    public void OverrideReply(object? value, IGearsLanguage language)
    {
        if (Interlocked.CompareExchange(ref _overridden, 1, 0) != 0) throw new GearsErrorException("Can not override reply twice");
        OverrideValue = value;
        OverrideLanguage = language;
        Volatile.Write(ref _overridden, 2);
    }

    /// <summary>call_next(args): only a hook's execution can pass its call on.</summary>
    public virtual object? CallNext(object?[] args) => throw new GearsErrorException("Can not get CommandHook ctx");
}
