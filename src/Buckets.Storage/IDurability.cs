using Microsoft.Win32.SafeHandles;

namespace Buckets.Storage;

/// <summary>The one question every write path asks: "make what I just did survive a crash".</summary>
internal interface IDurability : IDisposable
{
    /// <summary>
    /// Completes once the data of <paramref name="file"/> (when given) and the entries of
    /// <paramref name="directories"/> (files and directories created, renamed or removed in them) as they were at
    /// the call are durable. Implementations may make more durable than asked; never less.
    /// </summary>
    ValueTask MakeDurableAsync(SafeFileHandle? file, IReadOnlyList<string> directories);

    /// <summary>Whether every wait makes everything written on the filesystem before it durable, asked for or not.</summary>
    bool CoversEverything { get; }
}
