using HotGears.Engine.Commands;
using HotGears.Engine.Gears.Readers;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Registrations;

/// <summary>
/// A CommandReader registration (spec §2.4, §2.5): a `trigger` that RG.TRIGGER / RG.TRIGGERONKEY
/// run by name (case-sensitive), or a `hook` overriding an existing command (optionally only for
/// keys starting with `keyprefix`). The record is the argument list; sync runs inside the command,
/// other modes block the client (without a thread) until the execution ends. Without `inorder`
/// async executions run in parallel; with it, one at a time in arrival order.
/// </summary>
internal sealed class CommandReaderRegistration : Registration, ICommandHook
{
    private const string NonSyncInMulti = "ERR can not run a non-sync execution inside a MULTI/LUA (blocking is not allowed) or on loading.";

    private readonly CommandDefinition? _hooked;

    public CommandReaderRegistration(GearsSession session, StepGraph graph, RegisterOptions options, IReadOnlyList<Registration> pending)
        : base(session, graph, options)
    {
        var engine = session.Engine;
        if (options.Trigger is { } trigger)
        {
            if (options.Hook != null || options.KeyPrefix != null) throw new GearsScriptException("trigger argument can not be given with keyprefix or hook");
            lock (engine.Server.Lock)
            {
                if (engine.Triggers.TryGetValue(trigger, out var existing) && !IsReplaced(existing))
                    throw new GearsScriptException("trigger already registered");
            }
            if (pending.OfType<CommandReaderRegistration>().Any(r => r.Options.Trigger == trigger))
                throw new GearsScriptException("trigger already registered in this session");
            return;
        }
        if (options.Hook is not { } hook) throw new GearsScriptException("no trigger or hook argument was given");
        lock (engine.Server.Lock)
        {
            var command = engine.Server.Commands.Find(hook);
            if (CommandHookChain.RefusalToOverride(command, options.KeyPrefix) is { } refusal) throw new GearsScriptException(refusal);
            _hooked = command;
            if (command!.Interceptor is HookedCommand { Hooks.Head: { IsSync: false } head } && !IsReplaced((Registration)head))
                throw new GearsScriptException("Can not override a none sync registration");
        }
        if (pending.OfType<CommandReaderRegistration>().Any(r => string.Equals(r.Options.Hook, hook, StringComparison.OrdinalIgnoreCase) && r.Mode != ExecutionMode.Sync))
            throw new GearsScriptException("Can not override a none sync registration which already created on this session");
        KeyPrefix = CommandHookChain.PrefixBytes(options.KeyPrefix);
    }

    public override string ReaderName => "CommandReader";

    /// <summary>The trigger's name, or the hooked command's name as registered.</summary>
    public string Name => Options.Trigger ?? Options.Hook!;

    public byte[]? KeyPrefix { get; }

    public bool IsSync => Mode == ExecutionMode.Sync;

    /// <summary>A registration of the session this script upgrades: it is about to go, so its trigger or hook may be taken.</summary>
    private bool IsReplaced(Registration other) => other.Session.Id == Session.Id;

    protected internal override void Install()
    {
        if (_hooked == null) Engine.Triggers[Options.Trigger!] = this;
        else HookedCommand.Of(_hooked).Hooks.Add(this);
    }

    protected internal override void Uninstall()
    {
        if (_hooked == null)
        {
            if (Engine.Triggers.GetValueOrDefault(Options.Trigger!) == this) Engine.Triggers.Remove(Options.Trigger!);
            return;
        }
        var hooked = HookedCommand.Of(_hooked);
        hooked.Hooks.Remove(this);
        hooked.UninstallIfEmpty();
    }

    /// <summary>RG.TRIGGER / RG.TRIGGERONKEY: replies the results, or the first error.</summary>
    public void Trigger(Session session, List<string> argv) => Run(session, argv, link: null);

    /// <summary>A call of the hooked command: the single result is the command's reply.</summary>
    public void Run(HookCall call) => Run(call.Session, call.Command, call);

    private void Run(Session session, IReadOnlyList<string> argv, HookCall? link)
    {
        if (Mode != ExecutionMode.Sync && (!session.CanBlock || session.InTransaction))
        {
            session.Reply.WriteError(NonSyncInMulti);
            return;
        }
        // A sync run replies before anyone else can look: RedisGears drops it then, so it is never listed.
        var execution = NewExecution(asyncAllowed: session.CanBlock && !session.InTransaction, listed: Mode != ExecutionMode.Sync);
        execution.CommandLink = link;
        var source = new ListSource((object)argv);
        if (Mode == ExecutionMode.Sync)
        {
            RunSync(execution, source);
            Reply(session, execution, link);
            return;
        }
        if (Options.InOrder) RunAsync(execution, () => source);
        else Session.Pool.Post(() => Engine.RunExecution(execution, source));
        Engine.Server.Blocking.BlockUntil(session, execution.Completion, client => Reply(client, execution, link));
    }

    /// <summary>
    /// Replies for a finished execution, which then leaves the executions list (RedisGears drops
    /// trigger executions once they reply): a hook's override, else the first error, else the results
    /// (a hook must have exactly one: it is the command's reply).
    /// </summary>
    private void Reply(Session session, Execution execution, HookCall? link)
    {
        var reply = session.Reply;
        if (link is { HasOverride: true }) link.WriteOverride(reply);
        else if (execution.Errors.Count > 0) reply.WriteError(execution.Errors[0].ReplaceLineEndings(" "));
        else if (link == null)
        {
            reply.WriteArrayHeader(execution.Results.Count);
            for (int i = 0; i < execution.Results.Count; i++) execution.WriteResult(reply, i);
        }
        else if (execution.Results.Count != 1) reply.WriteError("Command hook must return exactly one result");
        else execution.WriteResult(reply, 0);
        Engine.DropExecution(execution);
    }

    /// <summary>["trigger", name or hooked command, "inorder", 0|1].</summary>
    protected override void WriteArgs(RespWriter reply)
    {
        reply.WriteArrayHeader(4);
        reply.WriteBulk("trigger");
        reply.WriteBulk(Name);
        reply.WriteBulk("inorder");
        reply.WriteInteger(Options.InOrder ? 1 : 0);
    }
}
