using System.Text;
using HotGears.Engine.Commands;
using HotGears.Engine.Gears.Readers;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Engine.Gears.Registrations;

/// <summary>
/// A KeysReader registration: keyspace events on keys matching the prefix (a trailing '*' is a
/// prefix match, anything else an exact name), filtered by event name (case-insensitive) and key
/// type. It listens in-process, inside the command that raised the event: sync runs the
/// execution right there (atomically with the command), async modes queue it; the key's value is
/// read when the execution starts.
/// </summary>
internal sealed class KeysReaderRegistration : Registration, IKeyspaceListener
{
    private static readonly HashSet<string> KnownKeyTypes = ["empty", "string", "list", "hash", "set", "zset", "module", "stream"];

    private readonly byte[] _prefix;
    private readonly bool _prefixMatch;
    private readonly HashSet<string>? _eventTypes;
    private readonly HashSet<string>? _keyTypes;
    private readonly List<CommandDefinition>? _hookedCommands; // commands=: events fire only inside these

    public KeysReaderRegistration(GearsSession session, StepGraph graph, RegisterOptions options) : base(session, graph, options)
    {
        string prefix = options.Prefix;
        _prefixMatch = prefix.EndsWith('*');
        _prefix = Encoding.UTF8.GetBytes(_prefixMatch ? prefix[..^1] : prefix);
        if (options.EventTypes != null) _eventTypes = new HashSet<string>(options.EventTypes, StringComparer.OrdinalIgnoreCase);
        if (options.KeyTypes != null)
        {
            foreach (var type in options.KeyTypes)
                if (!KnownKeyTypes.Contains(type)) throw new GearsScriptException("unknown key type");
            _keyTypes = new HashSet<string>(options.KeyTypes, StringComparer.Ordinal);
        }
        if (options.Commands != null)
        {
            var server = session.Engine.Server;
            lock (server.Lock)
            {
                foreach (var name in options.Commands)
                {
                    var command = server.Commands.Find(name);
                    if (CommandHookChain.RefusalToHook(command, HookKeyPrefix) is { } refusal) throw new GearsScriptException(refusal);
                    (_hookedCommands ??= new()).Add(command!);
                }
            }
        }
    }

    /// <summary>The key prefix a `commands=` hook checks the command's keys against; null for '*' (every call).</summary>
    private string? HookKeyPrefix => Options.Prefix == "*" ? null : Options.Prefix.TrimEnd('*');

    public override string ReaderName => "KeysReader";

    protected internal override void Install()
    {
        Engine.Server.Events.Subscribe(this);
        foreach (var command in _hookedCommands ?? []) HookedCommand.Of(command).AddEventHook(this, HookKeyPrefix);
    }

    protected internal override void Uninstall()
    {
        Engine.Server.Events.Unsubscribe(this);
        foreach (var command in _hookedCommands ?? [])
        {
            var hooked = HookedCommand.Of(command);
            hooked.RemoveEventHook(this);
            hooked.UninstallIfEmpty();
        }
    }

    public void OnKeyspaceEvent(in KeyspaceEvent e)
    {
        if (e.Type == NotifyFlags.New || Session.Dead) return; // RedisGears listens to NOTIFY_ALL | KEY_MISS: 'new' is not in it
        var key = e.Key;
        if (_prefixMatch ? !key.StartsWith(_prefix) : !key.SequenceEqual(_prefix)) return;
        if (_eventTypes != null && !_eventTypes.Contains(e.Name)) return;
        var server = Engine.Server;
        var db = server.Databases[e.Db];
        if (_keyTypes != null && !_keyTypes.Contains(KeyRecords.TypeOf(db, key))) return;

        var client = server.Dispatcher.Current;
        EventCommandLink? link = null;
        if (_hookedCommands != null)
        {
            // commands=: only events raised by a hooked call of one of the commands, linked to that call.
            link = EventCommandLink.For(client);
            if (link == null || !link.Fires(this)) return;
        }

        var keyBytes = key.ToArray();
        string eventName = e.Name;
        bool readValue = Options.ReadValue;
        if (Mode == ExecutionMode.Sync)
        {
            var execution = NewExecution(asyncAllowed: client is { CanBlock: true, InTransaction: false });
            execution.CommandLink = link;
            RunSync(execution, new ListSource(KeyRecords.Read(db, keyBytes, readValue, eventName)));
        }
        else
        {
            var execution = NewExecution();
            execution.CommandLink = link;
            RunAsync(execution, () => new LazySource(server, () => KeyRecords.Read(db, keyBytes, readValue, eventName)));
            link?.Wait(execution.Completion);
        }
    }

    /// <summary>["regex", prefix, "eventTypes", [..]|nil, "keyTypes", [..]|nil, "hookCommands", [..]|nil].</summary>
    protected override void WriteArgs(RespWriter reply)
    {
        reply.WriteArrayHeader(8);
        reply.WriteBulk("regex");
        reply.WriteBulk(Options.Prefix);
        reply.WriteBulk("eventTypes");
        WriteList(reply, Options.EventTypes);
        reply.WriteBulk("keyTypes");
        WriteList(reply, Options.KeyTypes);
        reply.WriteBulk("hookCommands");
        WriteList(reply, Options.Commands);
    }
}
