using System.Text;
using HotGears.Engine.Commands;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>One CommandReader `hook=` registration, as the chain of its command sees it.</summary>
internal interface ICommandHook
{
    /// <summary>UTF-8 key prefix: the hook takes only calls with a key starting with it; null: every call.</summary>
    byte[]? KeyPrefix { get; }

    bool IsSync { get; }

    /// <summary>Runs the hook for one call of its command: replies in the session, or blocks the client until the reply is ready.</summary>
    void Run(HookCall call);
}

/// <summary>
/// The CommandReader hooks of one command, the last registered first. A call goes to the first
/// hook that takes it; call_next passes it on down the chain, and past the end to the command itself.
/// </summary>
internal sealed class CommandHookChain(CommandDefinition command)
{
    private ICommandHook[] _hooks = [];

    public CommandDefinition Command { get; } = command;

    /// <summary>The first hook calls reach (the last registered); null when none is left.</summary>
    public ICommandHook? Head => _hooks.Length == 0 ? null : _hooks[0];

    public bool IsEmpty => _hooks.Length == 0;

    // The array is replaced, never changed: a call in flight keeps the chain it started with.
    public void Add(ICommandHook hook) => _hooks = [hook, .. _hooks];

    public void Remove(ICommandHook hook) => _hooks = _hooks.Where(h => h != hook).ToArray();

    /// <summary>Runs the call through the first hook that takes it; false when none does.</summary>
    public bool TryRun(Session session, CommandArgs args)
    {
        var hooks = _hooks;
        int index = Find(hooks, 0, args);
        if (index < 0) return false;
        hooks[index].Run(new HookCall(session, this, hooks, index, OwnedCommandArgs.ToStrings(args)));
        return true;
    }

    /// <summary>The first hook from <paramref name="from"/> on that takes a call with these arguments, or -1.</summary>
    public int Find(ICommandHook[] hooks, int from, CommandArgs args)
    {
        for (int i = from; i < hooks.Length; i++)
            if (hooks[i].KeyPrefix is not { } prefix || HasKeyStartingWith(Command, args, prefix)) return i;
        return -1;
    }

    /// <summary>Whether a key argument (COMMAND INFO's first/last/step positions) starts with the prefix.</summary>
    public static bool HasKeyStartingWith(CommandDefinition command, CommandArgs args, ReadOnlySpan<byte> prefix)
    {
        foreach (int position in command.KeyPositions(args.Count))
            if (args[position].StartsWith(prefix)) return true;
        return false;
    }

    /// <summary>
    /// Why <paramref name="command"/> cannot be overridden by a CommandReader hook (with
    /// <paramref name="keyPrefix"/>), in the spec's words, or null when it can.
    /// </summary>
    public static string? RefusalToOverride(CommandDefinition? command, string? keyPrefix) =>
        command == null ? "Can not override an unexisting command" : Refusal(command, keyPrefix, "override");

    /// <summary>Why a KeysReader `commands=` registration cannot hook <paramref name="command"/>, or null when it can.</summary>
    public static string? RefusalToHook(CommandDefinition? command, string? keyPrefix) =>
        command == null ? "bad reply on COMMAND command" : Refusal(command, keyPrefix, "hook");

    // RedisGears words the same checks "override" (CommandReader) or "hook" (commands=), except the last.
    private static string? Refusal(CommandDefinition command, string? keyPrefix, string verb)
    {
        if (command.Has(CommandFlags.Noscript)) return $"Can not {verb} a command which are not allowed inside a script";
        if (keyPrefix == null) return null;
        if (command.Has(CommandFlags.Movablekeys)) return $"Can not {verb} a command with moveable keys by key prefix";
        if (command.FirstKey <= 0) return $"Can not {verb} a command by key prefix with none positive first key";
        if (command.Step <= 0) return "Can not override a command by key prefix with none positive jump";
        return null;
    }

    public static byte[]? PrefixBytes(string? keyPrefix) => keyPrefix == null ? null : Encoding.UTF8.GetBytes(keyPrefix);
}
