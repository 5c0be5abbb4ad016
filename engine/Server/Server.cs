using HotGears.Engine.Blocking;
using HotGears.Engine.Commands;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Engine.PubSub;

namespace HotGears.Engine;

/// <summary>
/// The root of the engine: databases, configuration, command table, clients, pub/sub and events.
/// Concurrency model (docs/concurrency.md): every command runs while holding <see cref="Lock"/>,
/// so each command is atomic with respect to all others; networking and parsing run outside it.
/// </summary>
public sealed class Server : IDisposable
{
    private ExpiryCycle? _expiry;

    public Server(ServerConfig config)
    {
        Config = config;
        Databases = new Database[config.Databases];
        for (int i = 0; i < Databases.Length; i++) Databases[i] = new Database(this, i);
        Commands = new CommandTable().AddFrom(typeof(Server).Assembly);
        Events = new KeyspaceEvents(this);
        PubSub = new PubSubHub();
        Dispatcher = new Dispatcher(this);
        Blocking = new BlockingRegistry(this);
        RefreshClock();
    }

    /// <summary>The keyspace lock. Held for the whole of each command (and of each MULTI/EXEC, atomic block, sync gear).</summary>
    public object Lock { get; } = new();

    public ServerConfig Config { get; }
    public Database[] Databases { get; }
    public CommandTable Commands { get; }
    public Dispatcher Dispatcher { get; }
    public KeyspaceEvents Events { get; }
    public PubSubHub PubSub { get; }

    /// <summary>Clients blocked on keys (BLPOP and friends).</summary>
    public BlockingRegistry Blocking { get; }
    public ClientRegistry Clients { get; } = new();
    public ServerStats Stats { get; } = new();
    public SlowLog SlowLog { get; } = new();
    public long StartedAtMs { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// Unix time in ms, refreshed before each command: like Redis's cached command time, one
    /// command sees one "now" for all its expiry decisions.
    /// </summary>
    public long NowMs { get; private set; }

    /// <summary>Set by SHUTDOWN; the host watches it and stops.</summary>
    public CancellationTokenSource ShutdownRequested { get; } = new();

    public void RefreshClock() => NowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Starts background work (active expiry).</summary>
    public void Start() => _expiry = new ExpiryCycle(this);

    public void Dispose() => _expiry?.Dispose();
}
