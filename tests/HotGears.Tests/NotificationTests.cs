using System.Text;
using HotGears.Engine;
using HotGears.Engine.Notifications;
using HotGears.Resp;

namespace HotGears.Tests;

public class NotificationTests
{
    /// <summary>Records what listeners hear (the key copied, since the event is only valid during the call).</summary>
    private sealed class RecordingListener(Action? onEvent = null) : IKeyspaceListener
    {
        public List<(int Db, NotifyFlags Type, string Name, string Key)> Events { get; } = [];

        public void OnKeyspaceEvent(in KeyspaceEvent e)
        {
            Events.Add((e.Db, e.Type, e.Name, Encoding.UTF8.GetString(e.Key)));
            onEvent?.Invoke();
        }
    }

    private sealed class ThrowingListener : IKeyspaceListener
    {
        public void OnKeyspaceEvent(in KeyspaceEvent e) => throw new InvalidOperationException("listener bug");
    }

    private static TestServer ServerWithEvents(string flags)
    {
        var config = new ServerConfig();
        Assert.Null(config.Set("notify-keyspace-events", flags));
        return new TestServer(config);
    }

    /// <summary>A pattern subscriber to every keyspace and keyevent channel; returns its messages as "channel payload".</summary>
    private static Func<List<string>> SubscribeToAllEvents(TestServer t)
    {
        var subscriber = new InProcessClient(t.Server);
        subscriber.Execute("PSUBSCRIBE", "__key*__:*");
        return () => subscriber.Pushed.Select(bytes =>
        {
            var items = RespValueReader.ReadAll(bytes).Single().Items!;
            return $"{items[2].Text} {items[3].Text}";
        }).ToList();
    }

    [Theory]
    [InlineData("KEA", "AKE")]
    [InlineData("AnKE", "AKE")] // Redis drops 'n' when it shows 'A'
    [InlineData("nKE", "nKE")]
    [InlineData("gx$", "g$x")]
    [InlineData("mE", "Em")]
    [InlineData("KEAm", "AKEm")]
    [InlineData("Kz", "zK")]
    [InlineData("", "")]
    [InlineData("g$lshzxetdKE", "AKE")]
    public void FlagsTextRoundTripsAsRedisShowsIt(string set, string shown)
    {
        var flags = NotifyFlagsText.Parse(set);
        Assert.NotNull(flags);
        Assert.Equal(shown, NotifyFlagsText.Format(flags.Value));
    }

    [Fact]
    public void UnknownFlagLetterIsRefusedWithRedisText()
    {
        Assert.Null(NotifyFlagsText.Parse("Kq"));
        Assert.Equal("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", new ServerConfig().Set("notify-keyspace-events", "Kq"));
    }

    [Fact]
    public void KeyspaceAndKeyeventChannelsCarryEventAndKey()
    {
        using var t = ServerWithEvents("KEA");
        var messages = SubscribeToAllEvents(t);
        t.Run("SET", "k", "v");
        t.Run("SELECT", "3");
        t.Run("INCR", "n");
        Assert.Equal(["__keyspace@0__:k set", "__keyevent@0__:set k", "__keyspace@3__:n incrby", "__keyevent@3__:incrby n"], messages());
    }

    [Fact]
    public void OnlyTheSelectedChannelKindsAndClassesArePublished()
    {
        using var t = ServerWithEvents("E$");
        var messages = SubscribeToAllEvents(t);
        t.Run("SET", "k", "v", "EX", "100"); // "set" is a string event, "expire" a generic one
        Assert.Equal(["__keyevent@0__:set k"], messages());

        Assert.Null(t.Server.Config.Set("notify-keyspace-events", "Kg"));
        t.Run("SET", "k", "v", "EX", "100");
        Assert.Equal(["__keyevent@0__:set k", "__keyspace@0__:k expire"], messages());

        Assert.Null(t.Server.Config.Set("notify-keyspace-events", "A")); // classes without K or E: nothing
        t.Run("SET", "k", "v");
        Assert.Equal(2, messages().Count);
    }

    [Fact]
    public void ResP3SubscribersGetEventsAsPushes()
    {
        using var t = ServerWithEvents("KA");
        var subscriber = new InProcessClient(t.Server);
        subscriber.Session.Protocol = 3;
        subscriber.Execute("SUBSCRIBE", "__keyspace@0__:k");
        t.Run("SET", "k", "v");
        Assert.Equal(">3\r\n$7\r\nmessage\r\n$16\r\n__keyspace@0__:k\r\n$3\r\nset\r\n", Encoding.UTF8.GetString(Assert.Single(subscriber.Pushed)));
    }

    [Fact]
    public void LongKeysAreNamedInFull()
    {
        using var t = ServerWithEvents("KEA");
        var messages = SubscribeToAllEvents(t);
        string key = new('k', 5000);
        t.Run("SET", key, "v");
        Assert.Equal([$"__keyspace@0__:{key} set", $"__keyevent@0__:set {key}"], messages());
    }

    [Fact]
    public void ListenersHearEveryEventFirstWhateverTheConfiguration()
    {
        using var t = ServerWithEvents("");
        var pushedAtCallback = new List<int>();
        var subscriber = new InProcessClient(t.Server);
        var listener = new RecordingListener(() => pushedAtCallback.Add(subscriber.Pushed.Count));
        t.Server.Events.Subscribe(listener);
        subscriber.Execute("PSUBSCRIBE", "*");

        t.Run("GET", "missing");
        t.Run("SET", "k", "v");
        Assert.Equal([(0, NotifyFlags.KeyMiss, "keymiss", "missing"), (0, NotifyFlags.New, "new", "k"), (0, NotifyFlags.String, "set", "k")],
            listener.Events);
        Assert.Empty(subscriber.Pushed);

        // With notifications on, the listener still runs before anything is published.
        Assert.Null(t.Server.Config.Set("notify-keyspace-events", "KE$"));
        t.Run("SET", "k", "v2");
        Assert.Equal(0, pushedAtCallback[^1]);
        Assert.Equal(2, subscriber.Pushed.Count);

        t.Server.Events.Unsubscribe(listener);
        t.Run("SET", "k", "v3");
        Assert.Equal(4, listener.Events.Count);
    }

    [Fact]
    public void AThrowingListenerDoesNotBreakTheCommandOrOtherListeners()
    {
        using var t = new TestServer();
        var recorder = new RecordingListener();
        t.Server.Events.Subscribe(new ThrowingListener());
        t.Server.Events.Subscribe(recorder);
        Assert.Equal("OK", t.Text("SET", "k", "v"));
        Assert.Contains(recorder.Events, e => e.Name == "set");
    }

    [Fact]
    public void EventsThatNobodyReceivesAllocateNothing()
    {
        using var t = ServerWithEvents("KEA");
        new InProcessClient(t.Server).Execute("SUBSCRIBE", "unrelated");
        new InProcessClient(t.Server).Execute("PSUBSCRIBE", "__keyevent@0__:del");
        var events = t.Server.Events;
        byte[] longKey = new byte[1000];
        lock (t.Server.Lock)
        {
            events.Notify(NotifyFlags.String, "set", longKey, 0); // warm up the buffer pool
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                events.Notify(NotifyFlags.String, "set", "key"u8, 1);
                events.Notify(NotifyFlags.String, "set", longKey, 0);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
