using System.Globalization;
using System.Text;
using HotGears.Engine.Commands;

namespace HotGears.Engine;

/// <summary>
/// Builds the text of INFO (server.c genRedisInfoString): "# Section" headers, "field:value"
/// lines ending in CRLF, a blank line between sections, sections always in Redis's order
/// whatever order they were asked in. Values that HotGears has no counterpart for (replication,
/// persistence) state the truth: a master without replicas that never saves.
/// </summary>
public sealed class ServerInfo
{
    /// <summary>The version clients see: HotGears speaks Redis 7.0.</summary>
    public const string RedisVersion = "7.0.15";

    private static readonly string[] DefaultSections =
        ["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace"];

    private readonly Server _server;

    public ServerInfo(Server server)
    {
        _server = server;
        StartupMemory = GC.GetTotalMemory(false);
    }

    public static string HotGearsVersion { get; } = typeof(Server).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Random identifier of this server run (INFO run_id).</summary>
    public string RunId { get; } = RandomHex();

    /// <summary>The replication id a master advertises (INFO master_replid).</summary>
    public string ReplicationId { get; } = RandomHex();

    public long StartupMemory { get; }

    /// <summary>
    /// The INFO text for the requested section names (case-insensitive). None means the default
    /// sections; "default" adds them, "all" and "everything" select every section (HotGears has no
    /// module sections, so the two are the same). Unknown names select nothing.
    /// </summary>
    public string Generate(IReadOnlyList<string> requested)
    {
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool all = false;
        if (requested.Count == 0) sections.UnionWith(DefaultSections);
        foreach (var name in requested)
        {
            if (name.Equals("default", StringComparison.OrdinalIgnoreCase)) sections.UnionWith(DefaultSections);
            else if (name.Equals("all", StringComparison.OrdinalIgnoreCase) || name.Equals("everything", StringComparison.OrdinalIgnoreCase)) all = true;
            else sections.Add(name);
        }

        var text = new InfoText();
        bool Wants(params string[] names) => all || names.Any(sections.Contains);
        if (Wants("server")) ServerSection(text.Section("Server"));
        if (Wants("clients")) ClientsSection(text.Section("Clients"));
        if (Wants("memory")) MemorySection(text.Section("Memory"));
        if (Wants("persistence")) PersistenceSection(text.Section("Persistence"));
        if (Wants("stats")) StatsSection(text.Section("Stats"));
        if (Wants("replication")) ReplicationSection(text.Section("Replication"));
        if (Wants("cpu")) CpuSection(text.Section("CPU"));
        if (Wants("module_list", "modules")) text.Section("Modules");
        if (Wants("commandstats")) CommandStatsSection(text.Section("Commandstats"), _server.Commands.All);
        if (Wants("errorstats")) ErrorStatsSection(text.Section("Errorstats"));
        if (Wants("cluster")) text.Section("Cluster").Add("cluster_enabled", 0);
        if (Wants("keyspace")) KeyspaceSection(text.Section("Keyspace"));
        if (Wants("gears")) GearsSection(text.Section("Gears"));
        return text.ToString();
    }

    private void ServerSection(InfoText s)
    {
        var config = _server.Config;
        long nowMicros = Server.UnixTimeMicros();
        long uptime = (nowMicros / 1000 - _server.StartedAtMs) / 1000;
        s.Add("redis_version", RedisVersion);
        s.Add("hotgears_version", HotGearsVersion);
        s.Add("redis_mode", "standalone");
        s.Add("os", ProcessStats.OsDescription);
        s.Add("arch_bits", IntPtr.Size * 8);
        s.Add("process_id", Environment.ProcessId);
        s.Add("process_supervised", "no");
        s.Add("run_id", RunId);
        s.Add("tcp_port", config.Port);
        s.Add("server_time_usec", nowMicros);
        s.Add("uptime_in_seconds", uptime);
        s.Add("uptime_in_days", uptime / 86400);
        s.Add("hz", ConfigValue("hz"));
        s.Add("configured_hz", ConfigValue("hz"));
        s.Add("executable", Path.GetFullPath(Environment.GetCommandLineArgs()[0]));
        s.Add("config_file", config.ConfigFile);
        s.Add("dotnet_version", Environment.Version.ToString());
    }

    private void ClientsSection(InfoText s)
    {
        _server.Clients.CatchUp();
        s.Add("connected_clients", _server.Clients.Count);
        s.Add("cluster_connections", 0);
        s.Add("maxclients", _server.Config.MaxClients);
        var (input, output) = LargestClientBuffers();
        s.Add("client_recent_max_input_buffer", input);
        s.Add("client_recent_max_output_buffer", output);
        // Clients blocked on keys (BLPOP...) plus clients held by CLIENT PAUSE, as Redis counts both.
        s.Add("blocked_clients", _server.Blocking.BlockedCount + Interlocked.Read(ref _server.Stats.BlockedClients));
    }

    /// <summary>The largest query buffer and the largest pending output among the clients now connected.</summary>
    private (long Input, long Output) LargestClientBuffers()
    {
        long input = 0, output = 0;
        foreach (var client in _server.Clients.All)
        {
            input = Math.Max(input, client.Transport.QueryBufferLength + client.Transport.QueryBufferFree);
            output = Math.Max(output, client.Transport.PendingOutputBytes);
        }
        return (input, output);
    }

    private void MemorySection(InfoText s)
    {
        long used = _server.Cron.SampleMemory();
        long peak = _server.Cron.PeakMemory;
        long rss = ProcessStats.ResidentBytes();
        long system = ProcessStats.TotalSystemMemory();
        ServerConfig.TryParseMemory(ConfigValue("maxmemory"), out long maxMemory);
        s.AddBytes("used_memory", used);
        s.AddBytes("used_memory_rss", rss);
        s.AddBytes("used_memory_peak", peak);
        s.Add("used_memory_peak_perc", Percent(used, peak) + "%");
        s.Add("used_memory_startup", StartupMemory);
        s.AddBytes("total_system_memory", system);
        s.AddBytes("maxmemory", maxMemory);
        s.Add("maxmemory_policy", ConfigValue("maxmemory-policy"));
        s.Add("mem_fragmentation_ratio", used > 0 ? ((double)rss / used).ToString("F2", CultureInfo.InvariantCulture) : "0.00");
        s.Add("mem_fragmentation_bytes", rss - used);
        s.Add("mem_allocator", "dotnet-gc");
        s.Add("gc_total_allocated_bytes", GC.GetTotalAllocatedBytes());
        s.Add("gc_total_pause_ms", (long)GC.GetTotalPauseDuration().TotalMilliseconds);
        s.Add("gc_gen0_collections", GC.CollectionCount(0));
        s.Add("gc_gen1_collections", GC.CollectionCount(1));
        s.Add("gc_gen2_collections", GC.CollectionCount(2));
    }

    /// <summary>HotGears keeps its data in memory only: never loading, never saving.</summary>
    private void PersistenceSection(InfoText s)
    {
        s.Add("loading", 0);
        s.Add("async_loading", 0);
        s.Add("rdb_bgsave_in_progress", 0);
        s.Add("rdb_last_save_time", _server.StartedAtMs / 1000);
        s.Add("rdb_last_bgsave_status", "ok");
        s.Add("rdb_saves", 0);
        s.Add("aof_enabled", 0);
        s.Add("aof_rewrite_in_progress", 0);
        s.Add("aof_last_write_status", "ok");
    }

    private void StatsSection(InfoText s)
    {
        var stats = _server.Stats;
        var cron = _server.Cron;
        s.Add("total_connections_received", Interlocked.Read(ref stats.TotalConnectionsReceived));
        s.Add("total_commands_processed", stats.TotalCommandsProcessed);
        s.Add("instantaneous_ops_per_sec", cron.Commands.PerSecond);
        s.Add("total_net_input_bytes", Interlocked.Read(ref stats.TotalNetInputBytes));
        s.Add("total_net_output_bytes", Interlocked.Read(ref stats.TotalNetOutputBytes));
        s.Add("instantaneous_input_kbps", (cron.NetInput.PerSecond / 1024.0).ToString("F2", CultureInfo.InvariantCulture));
        s.Add("instantaneous_output_kbps", (cron.NetOutput.PerSecond / 1024.0).ToString("F2", CultureInfo.InvariantCulture));
        s.Add("rejected_connections", Interlocked.Read(ref stats.RejectedConnections));
        s.Add("expired_keys", stats.ExpiredKeys);
        s.Add("keyspace_hits", stats.KeyspaceHits);
        s.Add("keyspace_misses", stats.KeyspaceMisses);
        s.Add("pubsub_channels", _server.PubSub.Channels.Count);
        s.Add("pubsub_patterns", _server.PubSub.Patterns.Count);
        s.Add("total_error_replies", stats.TotalErrorReplies);
    }

    /// <summary>A master with no replicas and no backlog.</summary>
    private void ReplicationSection(InfoText s)
    {
        s.Add("role", "master");
        s.Add("connected_slaves", 0);
        s.Add("master_failover_state", "no-failover");
        s.Add("master_replid", ReplicationId);
        s.Add("master_replid2", new string('0', 40));
        s.Add("master_repl_offset", 0);
        s.Add("second_repl_offset", -1);
        s.Add("repl_backlog_active", 0);
        s.Add("repl_backlog_first_byte_offset", 0);
        s.Add("repl_backlog_histlen", 0);
    }

    private static void CpuSection(InfoText s)
    {
        var (system, user) = ProcessStats.CpuTime();
        s.Add("used_cpu_sys", Seconds(system));
        s.Add("used_cpu_user", Seconds(user));
        s.Add("used_cpu_sys_children", Seconds(TimeSpan.Zero));
        s.Add("used_cpu_user_children", Seconds(TimeSpan.Zero));
    }

    /// <summary>One line per command (and subcommand, as cmdstat_client|id) that was called, failed or rejected.</summary>
    private static void CommandStatsSection(InfoText s, IEnumerable<CommandDefinition> commands)
    {
        foreach (var command in commands)
        {
            var stats = command.Stats;
            if (stats.Calls != 0 || stats.FailedCalls != 0 || stats.RejectedCalls != 0)
            {
                double perCall = stats.Calls == 0 ? 0 : (double)stats.Microseconds / stats.Calls;
                s.Add("cmdstat_" + InfoText.Safe(command.FullName),
                    $"calls={stats.Calls},usec={stats.Microseconds},usec_per_call={perCall.ToString("F2", CultureInfo.InvariantCulture)}," +
                    $"rejected_calls={stats.RejectedCalls},failed_calls={stats.FailedCalls}");
            }
            if (command.IsContainer) CommandStatsSection(s, command.Subcommands);
        }
    }

    private void ErrorStatsSection(InfoText s)
    {
        foreach (var (code, count) in _server.ErrorStats.Counts)
            s.Add("errorstat_" + InfoText.Safe(code), $"count={count}");
    }

    private void KeyspaceSection(InfoText s)
    {
        foreach (var db in _server.Databases)
            if (db.Count != 0 || db.ExpiresCount != 0)
                s.Add($"db{db.Index}", $"keys={db.Count},expires={db.ExpiresCount},avg_ttl=0");
    }

    private string ConfigValue(string name) => _server.Config.Find(name)?.Get() ?? "";

    private static string Percent(long part, long whole) =>
        (whole == 0 ? 0 : part * 100.0 / whole).ToString("F2", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F6", CultureInfo.InvariantCulture);

    private static string RandomHex()
    {
        var bytes = new byte[20];
        Random.Shared.NextBytes(bytes); // an identifier, not a secret: no need to load the crypto library
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Accumulates the sections and their "field:value" lines.</summary>
    /// <summary>Not a default section (as a module's): INFO gears, INFO all.</summary>
    private void GearsSection(InfoText s) => _server.Gears.WriteInfo(s.Add);

    private sealed class InfoText
    {
        private readonly StringBuilder _text = new();

        public InfoText Section(string title)
        {
            if (_text.Length > 0) _text.Append("\r\n");
            _text.Append("# ").Append(title).Append("\r\n");
            return this;
        }

        public void Add(string field, string value) => _text.Append(field).Append(':').Append(value).Append("\r\n");

        public void Add(string field, long value) => Add(field, value.ToString(CultureInfo.InvariantCulture));

        /// <summary>A byte count and its "_human" twin (1.50M).</summary>
        public void AddBytes(string field, long bytes)
        {
            Add(field, bytes);
            Add(field + "_human", Human(bytes));
        }

        /// <summary>Redis's bytesToHuman: B below 1K, then two decimals with K, M, G, T, P (powers of 1024).</summary>
        public static string Human(long bytes)
        {
            if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + "B";
            string units = "KMGTP";
            double value = bytes;
            int unit = -1;
            while (value >= 1024 && unit < units.Length - 1)
            {
                value /= 1024;
                unit++;
            }
            return value.ToString("F2", CultureInfo.InvariantCulture) + units[unit];
        }

        /// <summary>Names going into a field cannot hold the separators of the format (Redis getSafeInfoString).</summary>
        public static string Safe(string name) =>
            name.IndexOfAny(['#', ':', '\r', '\n']) < 0 ? name : name.Replace('#', '_').Replace(':', '_').Replace('\r', '_').Replace('\n', '_');

        public override string ToString() => _text.ToString();
    }
}
