using System.Text;
using HotGears.Engine;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>Records the keyspace events a server fires, as "event key@db" lines.</summary>
public sealed class KeyspaceEventRecorder : IKeyspaceListener
{
    private readonly List<string> _events = new();
    private readonly bool _ignoreKeyMiss;

    /// <param name="ignoreKeyMiss">Leave out keymiss, which every failed read fires.</param>
    public KeyspaceEventRecorder(Server server, bool ignoreKeyMiss = false)
    {
        _ignoreKeyMiss = ignoreKeyMiss;
        server.Events.Subscribe(this);
    }

    public void OnKeyspaceEvent(in KeyspaceEvent e)
    {
        if (!(_ignoreKeyMiss && e.Type == NotifyFlags.KeyMiss)) _events.Add($"{e.Name} {Encoding.UTF8.GetString(e.Key)}@{e.Db}");
    }

    /// <summary>The events recorded since the last call.</summary>
    public List<string> Take()
    {
        var taken = _events.ToList();
        _events.Clear();
        return taken;
    }
}

/// <summary>Keyspace set-ups that commands cannot make deterministically.</summary>
public static class KeyspaceTestExtensions
{
    /// <summary>Gives a key an expiry time already past, leaving it in place for lazy expiry to find.</summary>
    public static void MakeExpired(this TestServer t, string key, int db = 0)
    {
        lock (t.Server.Lock) t.Server.Databases[db].SetExpire(Encoding.UTF8.GetBytes(key), t.Server.NowMs - 1);
    }

    /// <summary>Moves a key's last access back by <paramref name="seconds"/> (OBJECT IDLETIME).</summary>
    public static void AgeAccess(this TestServer t, string key, uint seconds, int db = 0)
    {
        lock (t.Server.Lock)
        {
            var keys = t.Server.Databases[db].Keys;
            keys.Find(Encoding.UTF8.GetBytes(key), out int entry);
            keys.SetStamp(entry, keys.GetStamp(entry) - seconds);
        }
    }

    /// <summary>The texts of an array reply.</summary>
    public static string?[] Texts(this TestServer t, params string[] args) =>
        t.Run(args).Items!.Select(i => i.IsNull ? null : i.Type == RespType.Integer ? i.Integer.ToString() : i.Text).ToArray();
}
