using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Buckets.Storage.Tests;

/// <summary>How much of a file the page cache holds (mincore of a mapping, which faults nothing in).</summary>
internal static unsafe partial class PageCache
{
    public static int ResidentPages(string file)
    {
        var length = new FileInfo(file).Length;
        using var mapping = MemoryMappedFile.CreateFromFile(file, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = mapping.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        var pages = (int)((length + Environment.SystemPageSize - 1) / Environment.SystemPageSize);
        var residency = new byte[pages];
        byte* address = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref address);
        try
        {
            fixed (byte* vector = residency)
            {
                if (MinCore(address + view.PointerOffset, (nuint)length, vector) != 0)
                {
                    throw new IOException($"mincore failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        return residency.Count(page => (page & 1) != 0);
    }

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int MinCore(byte* address, nuint length, byte* vector);
}
