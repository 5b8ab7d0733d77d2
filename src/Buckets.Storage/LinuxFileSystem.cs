using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>
/// The few Linux calls .NET does not offer: fsync of a directory (to make a new, renamed or removed entry
/// durable), fdatasync (a file's data without its timestamps), syncfs (everything dirty on one filesystem in one
/// call: the group commit primitive), hard links (a copy that shares shard files), and the device a path lives on
/// (to share that call between disks).
/// </summary>
internal static partial class LinuxFileSystem
{
    private const string LibC = "libc";
    private const int ENOENT = 2;
    private const int EINTR = 4;
    private const int ENOTDIR = 20;
    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;
    private const int AT_FDCWD = -100;
    private const uint STATX_TYPE = 0x1;
    private const int StatxSize = 256;
    private const int StatxDevMajorOffset = 136;
    private const int StatxDevMinorOffset = 140;

    // O_DIRECTORY is one of the few flags whose value differs between architectures.
    private static readonly int O_DIRECTORY =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    public static bool IsAvailable => OperatingSystem.IsLinux();

    /// <summary>Opens a directory for <see cref="SyncFileSystem"/> or <see cref="SyncDirectory"/>; close with <see cref="Close"/>.</summary>
    public static int OpenDirectory(string path)
    {
        while (true)
        {
            var fd = Open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0)
            {
                return fd;
            }

            ThrowUnlessInterrupted($"open directory {path}");
        }
    }

    public static void Close(int fd) => _ = CloseNative(fd);

    /// <summary>
    /// Opens a file for reading, or returns null when it does not exist (ENOENT, or ENOTDIR for a missing parent).
    /// Any other failure throws. Asking this way costs a failed syscall, where File.OpenHandle throws an exception
    /// (tens of microseconds) for every object that a new key's registry looks for and does not find.
    /// </summary>
    public static SafeFileHandle? OpenForReadingOrNull(string path)
    {
        while (true)
        {
            var fd = Open(path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
            {
                return null;
            }

            ThrowUnlessInterrupted($"open {path}");
        }
    }

    /// <summary>
    /// link(2): gives <paramref name="existing"/> a second name. <see cref="LinkResult.Missing"/> when there is no
    /// such file; <see cref="LinkResult.Failed"/> for anything else (a filesystem without hard links, ...), where the
    /// caller does without.
    /// </summary>
    public static LinkResult TryLink(string existing, string link)
    {
        while (Link(existing, link) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                return errno is ENOENT or ENOTDIR ? LinkResult.Missing : LinkResult.Failed;
            }
        }

        return LinkResult.Linked;
    }

    /// <summary>fsync of a directory: its entries (files created, renamed in or out, removed) survive a crash.</summary>
    public static void SyncDirectory(string path)
    {
        var fd = OpenDirectory(path);
        try
        {
            while (FSync(fd) != 0)
            {
                ThrowUnlessInterrupted($"fsync directory {path}");
            }
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>fdatasync: the file's data and size survive a crash (not its timestamps).</summary>
    public static void SyncFileData(SafeFileHandle file)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            var fd = (int)file.DangerousGetHandle();
            while (FDataSync(fd) != 0)
            {
                ThrowUnlessInterrupted("fdatasync");
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>Every dirty page and metadata change of the filesystem holding <paramref name="fd"/> is durable.</summary>
    public static void SyncFileSystem(int fd)
    {
        while (SyncFs(fd) != 0)
        {
            ThrowUnlessInterrupted("syncfs");
        }

        // syncfs flushes the device cache before its last wait for metadata blocks; on an ext4 without a journal
        // those blocks can still sit in a volatile cache when it returns. An fsync of any file issues one more
        // cache flush after them (costs ~40 us here; journaling filesystems already committed everything).
        while (FSync(fd) != 0)
        {
            ThrowUnlessInterrupted("fsync after syncfs");
        }
    }

    /// <summary>The (major, minor) device number of the filesystem holding <paramref name="path"/>, or null if unknown.</summary>
    public static unsafe ulong? DeviceOf(string path)
    {
        // struct statx has one layout on every architecture, unlike struct stat.
        var buffer = stackalloc byte[StatxSize];
        if (Statx(AT_FDCWD, path, 0, STATX_TYPE, buffer) != 0)
        {
            return null;
        }

        var major = *(uint*)(buffer + StatxDevMajorOffset);
        var minor = *(uint*)(buffer + StatxDevMinorOffset);
        return ((ulong)major << 32) | minor;
    }

    private static void ThrowUnlessInterrupted(string operation)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno != EINTR)
        {
            throw new IOException($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
        }
    }

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport(LibC, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string link);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    [LibraryImport(LibC, EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport(LibC, EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(int fd);

    [LibraryImport(LibC, EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport(LibC, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
