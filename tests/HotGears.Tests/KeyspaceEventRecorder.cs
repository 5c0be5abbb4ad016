using System.Text;
using HotGears.Engine.Notifications;

namespace HotGears.Tests;

/// <summary>Records the keyspace events a server fires, as "event:key" (keymiss, which every failed read fires, aside).</summary>
public sealed class KeyspaceEventRecorder : IKeyspaceListener
{
    public List<string> Events { get; } = new();

    public static KeyspaceEventRecorder On(TestServer t)
    {
        var recorder = new KeyspaceEventRecorder();
        t.Server.Events.Subscribe(recorder);
        return recorder;
    }

    public void OnKeyspaceEvent(in KeyspaceEvent e)
    {
        if (e.Type != NotifyFlags.KeyMiss) Events.Add($"{e.Name}:{Encoding.UTF8.GetString(e.Key)}");
    }

    /// <summary>The events so far, forgetting them.</summary>
    public string[] Take()
    {
        var taken = Events.ToArray();
        Events.Clear();
        return taken;
    }
}
