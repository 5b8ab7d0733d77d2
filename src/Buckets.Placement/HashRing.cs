using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Buckets.Placement;

/// <summary>
/// The consistent-hash ring that maps an object name to an erasure set. Each set owns
/// <see cref="VirtualNodesPerSet"/> points; an object belongs to the set of the first point at or after the hash
/// of <c>bucket/key</c>. Adding a set takes over about 1/N of the names and moves none between the old sets.
/// Immutable and thread-safe.
/// </summary>
public sealed class HashRing
{
    public const int VirtualNodesPerSet = 150;

    private readonly ulong[] points;
    private readonly int[] owners;

    public HashRing(IEnumerable<int> setIndices, int virtualNodesPerSet = VirtualNodesPerSet)
    {
        ArgumentNullException.ThrowIfNull(setIndices);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodesPerSet, 1);
        var sets = setIndices.Distinct().Order().ToArray();
        if (sets.Length == 0)
        {
            throw new ArgumentException("A ring needs at least one erasure set.", nameof(setIndices));
        }

        var entries = new (ulong Point, int Set)[sets.Length * virtualNodesPerSet];
        var n = 0;
        foreach (var set in sets)
        {
            for (var node = 0; node < virtualNodesPerSet; node++)
            {
                entries[n++] = (Hash($"set-{set}/vnode-{node}"), set);
            }
        }

        // Ties are broken by set index so every silo builds the same ring from the same sets.
        Array.Sort(entries);
        points = entries.Select(e => e.Point).ToArray();
        owners = entries.Select(e => e.Set).ToArray();
        Sets = sets;
    }

    public IReadOnlyList<int> Sets { get; }

    /// <summary>The erasure set that owns <paramref name="bucket"/>/<paramref name="key"/>.</summary>
    public int Locate(string bucket, string key)
    {
        var hash = HashObjectName(bucket, key);
        var index = Array.BinarySearch(points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return owners[index == points.Length ? 0 : index];
    }

    /// <summary>XXH64 of the UTF-8 bytes of <c>bucket/key</c>.</summary>
    public static ulong HashObjectName(string bucket, string key)
    {
        var length = Encoding.UTF8.GetByteCount(bucket) + 1 + Encoding.UTF8.GetByteCount(key);
        var rented = length <= 512 ? null : ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented ?? stackalloc byte[512];
        try
        {
            var written = Encoding.UTF8.GetBytes(bucket, buffer);
            buffer[written++] = (byte)'/';
            written += Encoding.UTF8.GetBytes(key, buffer[written..]);
            return XxHash64.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ulong Hash(string text) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text));
}
