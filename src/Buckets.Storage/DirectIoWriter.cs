using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// Writes through O_DIRECT: the bytes go from the caller's buffer straight to the device, with no copy into the page
/// cache. On this kind of VM that copy lands in freshly allocated page cache, slow to touch, and was the largest
/// single cost of a large PUT (architecture/storage.md). Direct I/O wants an aligned buffer address too: shard
/// blocks encoded into <see cref="AlignedBufferPool"/> buffers have one and are written as they are; anything else
/// (a block that came from another silo, deserialized into an ordinary array) is copied into a pooled, aligned
/// staging buffer first, a copy between warm buffers that still cost ~5 % of the CPU of a large PUT.
/// </summary>
internal static unsafe class DirectIoWriter
{
    /// <summary>Offsets, lengths and buffer addresses of direct I/O are multiples of this (the disk's logical block).</summary>
    public const int Alignment = 4096;

    /// <summary>One staging buffer: a shard block of a 1 MiB block at K >= 2 fits in one write.</summary>
    private const int StagingSize = 1 << 20;

    /// <summary>Enough for every write in flight at high concurrency; beyond that buffers are freed, not kept.</summary>
    private const int MaxRetained = 64;

    private static readonly ConcurrentBag<nint> Retained = [];
    private static int retainedCount;

    public static bool IsAligned(long offset, int length) => length > 0 && offset % Alignment == 0 && length % Alignment == 0;

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> (both aligned) to a file opened for direct I/O;
    /// true when the bytes had to be copied into a staging buffer because their address was not aligned.
    /// </summary>
    public static bool Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        // Pinned while it is checked and written, so a movable array cannot move off the address checked.
        fixed (byte* address = data)
        {
            if ((nuint)address % Alignment == 0 && data.Length % Alignment == 0)
            {
                RandomAccess.Write(file, data, offset);
                return false;
            }
        }

        WriteStaged(file, data, offset);
        return true;
    }

    private static void WriteStaged(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        var staging = Rent();
        try
        {
            for (var done = 0; done < data.Length;)
            {
                var chunk = Math.Min(StagingSize, data.Length - done);
                var aligned = new Span<byte>((void*)staging, chunk);
                data.Slice(done, chunk).CopyTo(aligned);
                RandomAccess.Write(file, aligned, offset + done);
                done += chunk;
            }
        }
        finally
        {
            Return(staging);
        }
    }

    /// <summary>
    /// Whether the filesystem holding <paramref name="directory"/> takes aligned direct writes: the switch alone is
    /// not proof (a filesystem may accept O_DIRECT but want a larger alignment), so one block is written.
    /// </summary>
    public static bool IsSupported(string directory, Action<string>? faultInjection = null)
    {
        if (!LinuxFileSystem.IsAvailable)
        {
            return false;
        }

        var probe = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        try
        {
            using var file = File.OpenHandle(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            if (!LinuxFileSystem.TryEnableDirectIo(file))
            {
                return false;
            }

            faultInjection?.Invoke(FaultPoints.DirectIoProbeWrite);
            Write(file, new byte[Alignment], 0);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static nint Rent()
    {
        if (Retained.TryTake(out var buffer))
        {
            Interlocked.Decrement(ref retainedCount);
            return buffer;
        }

        return (nint)NativeMemory.AlignedAlloc(StagingSize, Alignment);
    }

    private static void Return(nint buffer)
    {
        // Kept rather than freed: memory given back is slow to touch again on this kind of machine.
        if (Interlocked.Increment(ref retainedCount) <= MaxRetained)
        {
            Retained.Add(buffer);
            return;
        }

        Interlocked.Decrement(ref retainedCount);
        NativeMemory.AlignedFree((void*)buffer);
    }
}
