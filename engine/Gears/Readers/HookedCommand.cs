using System.Text;
using HotGears.Engine.Commands;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// What the Gears engine has on one command, installed as its interceptor while there is
/// anything: the CommandReader hooks overriding it, then the KeysReader `commands=`
/// registrations that fire only on events it raises. Commands the engine runs itself
/// (<see cref="Session.IgnoresCommandHooks"/>) always run as they are.
/// </summary>
internal sealed class HookedCommand : ICommandInterceptor
{
    private (object Registration, byte[]? KeyPrefix)[] _eventHooks = [];

    private HookedCommand(CommandDefinition command) => Hooks = new CommandHookChain(command);

    public CommandHookChain Hooks { get; }

    private CommandDefinition Command => Hooks.Command;

    public bool TryIntercept(Session session, CommandDefinition command, CommandArgs args)
    {
        if (session.IgnoresCommandHooks) return false;
        if (Hooks.TryRun(session, args)) return true;
        var eventHooks = _eventHooks;
        if (eventHooks.Length == 0) return false;
        List<object>? fired = null;
        foreach (var (registration, prefix) in eventHooks)
            if (prefix == null || CommandHookChain.HasKeyStartingWith(command, args, prefix)) (fired ??= new()).Add(registration);
        if (fired == null) return false;
        var link = new EventCommandLink(session, OwnedCommandArgs.ToStrings(args), fired);
        link.Begin();
        try
        {
            command.Handler!(session, args);
        }
        catch
        {
            link.Abandon();
            throw;
        }
        link.End();
        return true;
    }

    /// <summary>A KeysReader `commands=` registration: its events fire only inside calls of this command (with a key starting with the prefix; null: any call).</summary>
    public void AddEventHook(object registration, string? keyPrefix) =>
        _eventHooks = [.. _eventHooks, (registration, keyPrefix == null ? null : Encoding.UTF8.GetBytes(keyPrefix))];

    public void RemoveEventHook(object registration) => _eventHooks = _eventHooks.Where(h => h.Registration != registration).ToArray();

    /// <summary>The command's Gears interceptor, installed on it when it has none yet. Under the keyspace lock.</summary>
    public static HookedCommand Of(CommandDefinition command)
    {
        if (command.Interceptor is HookedCommand hooked) return hooked;
        hooked = new HookedCommand(command);
        command.Interceptor = hooked;
        return hooked;
    }

    /// <summary>Takes the interceptor off the command once nothing is left on it. Under the keyspace lock.</summary>
    public void UninstallIfEmpty()
    {
        if (Hooks.IsEmpty && _eventHooks.Length == 0 && Command.Interceptor == this) Command.Interceptor = null;
    }
}
