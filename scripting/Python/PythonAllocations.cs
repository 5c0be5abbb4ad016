using System.Runtime.InteropServices;
using HotGears.Scripting.Python.Native;

namespace HotGears.Scripting.Python;

/// <summary>
/// RG.PYSTATS (spec §1.1): the bytes Python allocates, counted by wrapping its object and memory
/// allocators before the interpreter starts, as RedisGears' OverridePythonAllocators (default 1)
/// does; with OverridePythonAllocators 0 nothing is wrapped and the counters stay 0. Each block
/// carries a 16-byte header with its size (16 keeps pymalloc's alignment), so that a free knows
/// what it returns. Both wrapped domains are only used with the GIL held, so plain counters do.
/// The raw domain (used without the GIL) is left alone.
/// </summary>
internal static unsafe class PythonAllocations
{
    private const int MemDomain = 1, ObjDomain = 2;
    private const int Header = 16;

    [StructLayout(LayoutKind.Sequential)]
    private struct Allocator
    {
        public nint Context;
        public delegate* unmanaged<nint, nuint, nint> Malloc;
        public delegate* unmanaged<nint, nuint, nuint, nint> Calloc;
        public delegate* unmanaged<nint, nint, nuint, nint> Realloc;
        public delegate* unmanaged<nint, nint, void> Free;
    }

    // The wrapped allocators, one per domain (the wrapper's context is the domain's slot).
    private static readonly Allocator* Original = (Allocator*)NativeMemory.AllocZeroed(3, (nuint)sizeof(Allocator));

    private static long _total, _current, _peak;

    public static (long Total, long Peak, long Current) Stats => (_total, _peak, _current);

    /// <summary>Wraps the allocators; call once, before Py_InitializeEx.</summary>
    public static void Install()
    {
        foreach (int domain in (ReadOnlySpan<int>)[MemDomain, ObjDomain])
        {
            CPython.PyMem_GetAllocator(domain, &Original[domain]);
            var wrapper = new Allocator
            {
                Context = domain,
                Malloc = &Malloc,
                Calloc = &Calloc,
                Realloc = &Realloc,
                Free = &Free,
            };
            CPython.PyMem_SetAllocator(domain, &wrapper);
        }
    }

    private static void Count(long bytes)
    {
        _current += bytes;
        if (bytes > 0)
        {
            _total += bytes;
            if (_current > _peak) _peak = _current;
        }
    }

    private static nint Publish(nint block, nuint size)
    {
        if (block == 0) return 0;
        *(nuint*)block = size;
        Count((long)size);
        return block + Header;
    }

    [UnmanagedCallersOnly]
    private static nint Malloc(nint domain, nuint size)
    {
        var original = &Original[domain];
        return Publish(original->Malloc(original->Context, size + Header), size);
    }

    [UnmanagedCallersOnly]
    private static nint Calloc(nint domain, nuint count, nuint size)
    {
        if (size != 0 && count > (nuint.MaxValue - Header) / size) return 0;
        var original = &Original[domain];
        nuint bytes = count * size;
        return Publish(original->Calloc(original->Context, 1, bytes + Header), bytes);
    }

    [UnmanagedCallersOnly]
    private static nint Realloc(nint domain, nint pointer, nuint size)
    {
        var original = &Original[domain];
        if (pointer == 0) return Publish(original->Malloc(original->Context, size + Header), size);
        nint block = pointer - Header;
        nuint old = *(nuint*)block;
        nint moved = original->Realloc(original->Context, block, size + Header);
        if (moved == 0) return 0; // the old block is still valid and still counted
        Count(-(long)old);
        return Publish(moved, size);
    }

    [UnmanagedCallersOnly]
    private static void Free(nint domain, nint pointer)
    {
        if (pointer == 0) return;
        var original = &Original[domain];
        nint block = pointer - Header;
        Count(-(long)*(nuint*)block);
        original->Free(original->Context, block);
    }
}
