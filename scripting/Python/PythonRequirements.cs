using System.Diagnostics;
using System.IO.Compression;
using HotGears.Engine;
using HotGears.Engine.Gears;
using HotGears.Resp;

namespace HotGears.Scripting.Python;

/// <summary>An installed requirement (RG.PYDUMPREQS): its wheels are kept for RG.PYEXPORTREQ.</summary>
internal sealed class PythonRequirement(string name, string wheelsPath)
{
    public string Name { get; } = name;
    public string WheelsPath { get; } = wheelsPath;
    public IReadOnlyList<string> Wheels => Directory.Exists(WheelsPath)
        ? Directory.GetFiles(WheelsPath).Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>The 18 elements of RG.PYDUMPREQS (spec §1.1).</summary>
    public void Write(RespWriter reply, int refCount)
    {
        reply.WriteArrayHeader(18);
        reply.WriteBulk("GearReqVersion");
        reply.WriteInteger(1);
        reply.WriteBulk("Name");
        reply.WriteBulk(Name);
        reply.WriteBulk("IsDownloaded");
        reply.WriteBulk("yes");
        reply.WriteBulk("IsInstalled");
        reply.WriteBulk("yes");
        reply.WriteBulk("CompiledOs");
        reply.WriteBulk(PythonRequirements.CompiledOs);
        reply.WriteBulk("Wheels");
        var wheels = Wheels;
        reply.WriteArrayHeader(wheels.Count);
        foreach (var wheel in wheels) reply.WriteBulk(wheel);
        reply.WriteBulk("Path");
        reply.WriteBulk(WheelsPath);
        reply.WriteBulk("RefCount");
        reply.WriteInteger(refCount);
        reply.WriteBulk("IsInReqDictionary");
        reply.WriteBulk("yes");
    }
}

/// <summary>
/// REQUIREMENTS of RG.PYEXECUTE (spec §5): pip downloads each requirement's wheels into a folder
/// of its own, then installs them into a virtual environment the server owns, whose site-packages
/// every session sees. Both run as child processes that the script's task awaits, so other
/// clients are never held; installs run one at a time. Machines without PyPI point pip at a wheel
/// folder (Gears config PythonWheelsDir) or another index (PythonPackageIndex); the base folder
/// is PythonInstallationDir. RG.PYEXPORTREQ / RG.PYIMPORTREQ carry a requirement's wheels to a
/// server that cannot download them.
/// </summary>
internal static class PythonRequirements
{
    public const string Failed = "Could not satisfy requirements, look at the log file for more information.";
    private const int ChunkSize = 10 * 1024 * 1024;

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static readonly Dictionary<string, PythonRequirement> Installed = new(StringComparer.Ordinal);
    private static string? _sitePackagesAdded;

    public static string CompiledOs => $"linux-{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";

    public static List<PythonRequirement> All()
    {
        lock (Installed) return Installed.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    public static PythonRequirement? Find(string name)
    {
        lock (Installed) return Installed.GetValueOrDefault(name);
    }

    /// <summary>Downloads and installs <paramref name="requirements"/> (all or none are recorded); throws <see cref="GearsScriptException"/> with RedisGears' text.</summary>
    public static async Task InstallAsync(GearsConfig config, IReadOnlyList<string> requirements, bool force, CancellationToken cancellation)
    {
        await InstallGate.WaitAsync(cancellation);
        try
        {
            var layout = new Layout(config);
            await EnsureVenvAsync(layout, cancellation);
            var done = new List<PythonRequirement>();
            foreach (string requirement in requirements)
            {
                if (!force && Find(requirement) != null) continue;
                string wheels = layout.WheelsOf(requirement);
                if (Directory.Exists(wheels)) Directory.Delete(wheels, recursive: true);
                Directory.CreateDirectory(wheels);
                await PipAsync(layout, ["download", "--dest", wheels, .. layout.IndexOptions, requirement], cancellation);
                await PipAsync(layout, ["install", "--no-index", "--find-links", wheels, .. (force ? ["--force-reinstall"] : Array.Empty<string>()), requirement], cancellation);
                done.Add(new PythonRequirement(requirement, wheels));
            }
            Record(done);
            JoinSitePackages(layout, force);
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>RG.PYEXPORTREQ: the requirement's wheels as one zip, in chunks of at most 10 MB.</summary>
    public static List<byte[]> Export(PythonRequirement requirement)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var name = zip.CreateEntry("requirement").Open()) name.Write(System.Text.Encoding.UTF8.GetBytes(requirement.Name));
            foreach (string wheel in requirement.Wheels) zip.CreateEntryFromFile(Path.Combine(requirement.WheelsPath, wheel), "wheels/" + wheel);
        }
        byte[] all = buffer.ToArray();
        var chunks = new List<byte[]>();
        for (int at = 0; at < all.Length; at += ChunkSize) chunks.Add(all.AsSpan(at, Math.Min(ChunkSize, all.Length - at)).ToArray());
        return chunks;
    }

    /// <summary>RG.PYIMPORTREQ: installs what <see cref="Export"/> made, without downloading anything.</summary>
    public static async Task ImportAsync(GearsConfig config, IReadOnlyList<byte[]> chunks, CancellationToken cancellation)
    {
        await InstallGate.WaitAsync(cancellation);
        try
        {
            var layout = new Layout(config);
            using var zip = ReadZip(chunks);
            var nameEntry = zip.GetEntry("requirement") ?? throw new GearsErrorException("Bad serialized requirement");
            string name;
            using (var reader = new StreamReader(nameEntry.Open())) name = reader.ReadToEnd();
            await EnsureVenvAsync(layout, cancellation);
            string wheels = layout.WheelsOf(name);
            if (Directory.Exists(wheels)) Directory.Delete(wheels, recursive: true);
            Directory.CreateDirectory(wheels);
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("wheels/", StringComparison.Ordinal) && e.Name.Length > 0))
                entry.ExtractToFile(Path.Combine(wheels, entry.Name), overwrite: true);
            await PipAsync(layout, ["install", "--no-index", "--find-links", wheels, name], cancellation);
            Record([new PythonRequirement(name, wheels)]);
            JoinSitePackages(layout, force: false);
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static ZipArchive ReadZip(IReadOnlyList<byte[]> chunks)
    {
        var buffer = new MemoryStream();
        foreach (var chunk in chunks) buffer.Write(chunk);
        buffer.Position = 0;
        try
        {
            return new ZipArchive(buffer, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new GearsErrorException("Bad serialized requirement");
        }
    }

    private static void Record(List<PythonRequirement> requirements)
    {
        lock (Installed)
            foreach (var requirement in requirements) Installed[requirement.Name] = requirement;
    }

    /// <summary>Puts the environment's site-packages on the embedded interpreter's path (once); a forced reinstall also clears import caches.</summary>
    private static void JoinSitePackages(Layout layout, bool force)
    {
        string sitePackages = layout.SitePackages;
        if (_sitePackagesAdded == sitePackages && !force) return;
        PythonRuntime.Get();
        PythonRuntime.ExecFresh($"import site, importlib\nsite.addsitedir({PyLiteral(sitePackages)})\nimportlib.invalidate_caches()\n", "<requirements>");
        _sitePackagesAdded = sitePackages;
    }

    private static string PyLiteral(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static async Task EnsureVenvAsync(Layout layout, CancellationToken cancellation)
    {
        if (File.Exists(layout.VenvPython)) return;
        Directory.CreateDirectory(layout.Root);
        await RunAsync(layout.BasePython, ["-m", "venv", layout.Venv], cancellation);
    }

    private static Task PipAsync(Layout layout, string[] arguments, CancellationToken cancellation) =>
        RunAsync(layout.VenvPython, ["-m", "pip", "--disable-pip-version-check", "--no-input", .. arguments], cancellation);

    /// <summary>Runs a child process to its end; its output goes to the log, a failure throws RedisGears' error.</summary>
    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["PIP_NO_INPUT"] = "1";
        string command = program + " " + string.Join(' ', arguments);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Warning($"requirements: could not run {command}: {ex.Message}");
            throw new GearsScriptException(Failed);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var errors = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            string text = (await output + await errors).Trim();
            if (process.ExitCode == 0)
            {
                Log.Verbose($"requirements: {command}: {text}");
                return;
            }
            Log.Warning($"requirements: {command} failed ({process.ExitCode}): {text}");
            throw new GearsScriptException(Failed);
        }
    }

    /// <summary>Where things go, from the Gears config (read per install, so RG.CONFIGSET applies).</summary>
    private sealed class Layout
    {
        public Layout(GearsConfig config)
        {
            Root = config.GetExtra("PythonInstallationDir") is { Length: > 0 } root
                ? Path.GetFullPath(root)
                : Path.Combine(Path.GetTempPath(), $"hotgears-python-{Environment.UserName}");
            var installation = PythonRuntime.Get().Installation;
            string versioned = Path.Combine(installation.Home, "bin", "python" + installation.Version);
            BasePython = installation.Version.Length > 0 && File.Exists(versioned) ? versioned : Path.Combine(installation.Home, "bin", "python3");
            string pythonDir = "python" + (installation.Version.Length > 0 ? installation.Version : "3");
            SitePackages = Path.Combine(Venv, "lib", pythonDir, "site-packages");
            if (config.GetExtra("PythonWheelsDir") is { Length: > 0 } wheels) IndexOptions = ["--no-index", "--find-links", Path.GetFullPath(wheels)];
            else if (config.GetExtra("PythonPackageIndex") is { Length: > 0 } index) IndexOptions = ["--index-url", index];
            else IndexOptions = [];
        }

        public string Root { get; }
        public string Venv => Path.Combine(Root, "venv");
        public string VenvPython => Path.Combine(Venv, "bin", "python");
        public string BasePython { get; }
        public string SitePackages { get; }
        public string[] IndexOptions { get; }

        public string WheelsOf(string requirement)
        {
            var safe = new string(requirement.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
            return Path.Combine(Root, "wheels", safe);
        }
    }
}
