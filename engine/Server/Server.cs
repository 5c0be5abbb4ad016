using HotGears.Engine.Blocking;
using HotGears.Engine.Commands;
using HotGears.Engine.Gears;
using HotGears.Engine.Keyspace;
using HotGears.Engine.Notifications;
using HotGears.Engine.PubSub;
using HotGears.Engine.Transactions;

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
        Watches = new WatchRegistry(this);
        Events.Subscribe(Watches);
        PubSub = new PubSubHub();
        Dispatcher = new Dispatcher(this);
        ErrorStats = new ErrorStats(Stats);
        Cron = new ServerCron(this);
        Info = new ServerInfo(this);
        Pause = new ClientPause(this);
        Blocking = new BlockingRegistry(this);
        Gears = new GearsEngine(this);
        RefreshClock();
    }

    /// <summary>The keyspace lock. Held for the whole of each command (and of each MULTI/EXEC, atomic block, sync gear).</summary>
    public object Lock { get; } = new();

    public ServerConfig Config { get; }
    public Database[] Databases { get; }
    public CommandTable Commands { get; }
    public Dispatcher Dispatcher { get; }
    public KeyspaceEvents Events { get; }

    /// <summary>WATCHed keys of all clients; touched by keyspace events and by whole-database commands.</summary>
    public WatchRegistry Watches { get; }
    public PubSubHub PubSub { get; }

    /// <summary>The Gears engine: sessions, registrations, executions, its configuration.</summary>
    public GearsEngine Gears { get; }

    /// <summary>Clients blocked on keys (BLPOP and friends).</summary>
    public BlockingRegistry Blocking { get; }
    public ClientRegistry Clients { get; } = new();
    public ServerStats Stats { get; } = new();
    public SlowLog SlowLog { get; } = new();
    public ErrorStats ErrorStats { get; }

    /// <summary>Periodic housekeeping: instantaneous metrics, memory peak, idle client timeout.</summary>
    public ServerCron Cron { get; }

    /// <summary>CLIENT PAUSE state: network clients' commands wait while it holds them.</summary>
    public ClientPause Pause { get; }

    /// <summary>Builds INFO's text.</summary>
    public ServerInfo Info { get; }
    public long StartedAtMs { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// Unix time in ms, refreshed before each command: like Redis's cached command time, one
    /// command sees one "now" for all its expiry decisions.
    /// </summary>
    public long NowMs { get; private set; }

    /// <summary>Set by SHUTDOWN; the host watches it and stops.</summary>
    public CancellationTokenSource ShutdownRequested { get; } = new();

    /// <summary>
    /// SHUTDOWN: signals the host from a pool thread, so that the host's shutdown never runs
    /// inline in the command (under the keyspace lock).
    /// </summary>
    public void RequestShutdown() => ThreadPool.QueueUserWorkItem(_ => ShutdownRequested.Cancel());

    /// <summary>The clock now in microseconds since the Unix epoch (TIME, INFO server_time_usec), not the cached command time.</summary>
    public static long UnixTimeMicros() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000);

    public void RefreshClock() => NowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Starts background work (active expiry, the server cron).</summary>
    public void Start()
    {
        _expiry = new ExpiryCycle(this);
        Cron.Start();
    }

    /// <summary>
    /// CONFIG RESETSTAT: the INFO stats counters, every command's counters and the error counts
    /// (not the slow log, as in Redis).
    /// </summary>
    public void ResetStats()
    {
        Stats.Reset();
        ErrorStats.Reset();
        Cron.ResetMetrics();
        foreach (var command in Commands.All)
        {
            command.Stats.Reset();
            foreach (var sub in command.Subcommands) sub.Stats.Reset();
        }
    }

    public void Dispose()
    {
        _expiry?.Dispose();
        Cron.Dispose();
        Pause.Dispose();
    }
}
