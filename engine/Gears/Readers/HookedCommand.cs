using HotGears.Engine.Commands;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Readers;

/// <summary>
/// What the Gears engine has on one command, installed as its interceptor while there is
/// anything: the CommandReader hooks overriding it. Commands the engine runs itself
/// (<see cref="Session.IgnoresCommandHooks"/>) always run as they are.
/// </summary>
internal sealed class HookedCommand : ICommandInterceptor
{
    private HookedCommand(CommandDefinition command) => Hooks = new CommandHookChain(command);

    public CommandHookChain Hooks { get; }

    public bool TryIntercept(Session session, CommandDefinition command, CommandArgs args) =>
        !session.IgnoresCommandHooks && Hooks.TryRun(session, args);

    /// <summary>The command's hooks, installed on it when it has none yet. Under the keyspace lock.</summary>
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
        if (Hooks.IsEmpty && Hooks.Command.Interceptor == this) Hooks.Command.Interceptor = null;
    }
}
