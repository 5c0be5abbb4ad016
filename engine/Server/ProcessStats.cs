using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HotGears.Engine;

/// <summary>What the operating system says about this process, for INFO (memory, cpu, server).</summary>
internal static class ProcessStats
{
    /// <summary>Resident set size in bytes: /proc/self/statm where there is one, else the working set.</summary>
    public static long ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            if (fields.Length > 1 && long.TryParse(fields[1], out long pages)) return pages * Environment.SystemPageSize;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>CPU time spent in the kernel and in user mode.</summary>
    public static (TimeSpan System, TimeSpan User) CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return (process.PrivilegedProcessorTime, process.UserProcessorTime);
    }

    /// <summary>Physical memory available to the process (honours container limits).</summary>
    public static long TotalSystemMemory() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>"Linux 6.1.0 x86_64": system, release and machine, as uname(2) gives them to Redis.</summary>
    public static string OsDescription { get; } = DescribeOs();

    private static string DescribeOs()
    {
        string machine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64",
            Architecture.Arm64 => "aarch64",
            Architecture.X86 => "i686",
            var other => other.ToString().ToLowerInvariant(),
        };
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return $"Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()} {machine}";
            }
            catch (IOException)
            {
            }
        }
        return $"{RuntimeInformation.OSDescription} {machine}";
    }
}
