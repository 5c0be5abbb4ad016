using HotGears.Engine;

namespace HotGears.Tests;

public class ServerCronTests
{
    [Fact]
    public void IdleClientsAreClosedButNotSubscribersOrActiveOnes()
    {
        using var t = new TestServer(new ServerConfig { Timeout = 1 });
        var idle = new InProcessClient(t.Server);
        var active = new InProcessClient(t.Server);
        var subscriber = new InProcessClient(t.Server);
        foreach (var c in new[] { idle, active, subscriber }) t.Server.Clients.Add(c.Session);
        subscriber.Session.Channels.Add("news"u8.ToArray());
        long old = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5000;
        idle.Session.LastInteractionMs = old;
        subscriber.Session.LastInteractionMs = old;

        t.Server.Cron.CloseIdleClients();
        Assert.True(idle.Closed);
        Assert.False(active.Closed);
        Assert.False(subscriber.Closed);
    }

    [Fact]
    public void NoTimeoutMeansNoClosing()
    {
        using var t = new TestServer();
        var idle = new InProcessClient(t.Server);
        t.Server.Clients.Add(idle.Session);
        idle.Session.LastInteractionMs = 0;
        t.Server.Cron.CloseIdleClients();
        Assert.False(idle.Closed);
    }

    [Fact]
    public void InstantaneousMetricAveragesPerSecondRates()
    {
        var metric = new InstantaneousMetric();
        metric.Sample(1000, 0);
        for (int i = 1; i <= 16; i++) metric.Sample(1000 + i * 100, i * 50); // 50 per 100 ms
        Assert.Equal(500, metric.PerSecond);
        metric.Sample(3000, 0); // counters reset
        Assert.True(metric.PerSecond < 500);
        metric.Reset();
        Assert.Equal(0, metric.PerSecond);
    }
}
