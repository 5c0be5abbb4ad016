using HotGears.Engine;
using HotGears.Resp;

namespace HotGears.Tests;

/// <summary>A fresh in-memory server and a client on it, for engine tests without a network.</summary>
public sealed class TestServer : IDisposable
{
    public TestServer(ServerConfig? config = null)
    {
        Server = new Server(config ?? new ServerConfig());
        Client = new InProcessClient(Server);
    }

    public Server Server { get; }
    public InProcessClient Client { get; }

    public RespValue Run(params string[] args) => Client.Execute(args);

    /// <summary>Runs a command and returns its reply as text (integers as digits, errors as their message).</summary>
    public string? Text(params string[] args)
    {
        var reply = Run(args);
        return reply.Type switch
        {
            RespType.Integer => reply.Integer.ToString(),
            RespType.Null => null,
            _ => reply.Text,
        };
    }

    public void Dispose() => Server.Dispose();
}
