using System.Reflection;
using System.Runtime.InteropServices;
using HotGears.Engine;
using HotGears.Host;
using HotGears.Scripting.CSharp;
using HotGears.Scripting.Python;

// Run socket continuations on the socket engine's threads (one per core when enabled) instead of
// hopping to the thread pool: each request is short, and the hop costs more than the work.
// Must be set before the first socket is created.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

string version = typeof(Server).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
if (args is ["--version"] or ["-v"])
{
    Console.WriteLine($"HotGears server v={version} bits=64 runtime={RuntimeInformation.FrameworkDescription}");
    return 0;
}

ServerConfig config;
try
{
    config = ConfigLoader.Load(args);
}
catch (Exception ex) when (ex is InvalidOperationException or IOException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
Log.Configure(config.LogLevel, config.LogFile);
// The socket engine's thread count is read when the first socket is created.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", config.IoThreads.ToString());

using var server = new Server(config);
// The scripting assembly's commands: RG.PYEXECUTE and the other RG.PY*, RG.CSEXECUTE.
server.Commands.AddFrom(typeof(CSharpGearsCommands), typeof(PythonCommands));
server.Gears.Plugins.Add(PythonCommands.Plugin);
server.Gears.Plugins.Add(CSharpGearsCommands.Plugin);
// Roslyn costs ~50 MB of RSS once loaded, so by default it loads with the first RG.CSEXECUTE
// (about half a second with the ReadyToRun build); `gears-CSharpWarmup 1` loads it at startup instead.
if (server.Gears.Config.GetExtra("CSharpWarmup") is "1" or "yes")
    _ = CSharpGearsCompiler.Warm();
using var listener = new Listener(server);
try
{
    listener.Start();
}
catch (System.Net.Sockets.SocketException ex)
{
    Log.Warning($"Could not create server TCP listening socket {config.Bind}:{config.Port}: {ex.Message}");
    return 1;
}
server.Start();

using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
Log.Notice($"HotGears {version} started, pid={Environment.ProcessId}, port={config.Port}, bind={config.Bind}");
Log.Notice("Ready to accept connections tcp");

try
{
    await Task.Delay(Timeout.Infinite, server.ShutdownRequested.Token);
}
catch (OperationCanceledException)
{
}
Log.Notice("HotGears is now ready to exit, bye bye...");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    Log.Warning($"Received {context.Signal}, scheduling shutdown...");
    server.ShutdownRequested.Cancel();
}
