using System.Collections.Concurrent;
using Buckets.Abstractions;
using Buckets.Erasure;

namespace Buckets.Grains.Erasure;

/// <summary>One block codec per layout, shared: building one inverts matrices and expands tables.</summary>
internal static class ErasureCodecs
{
    private static readonly ConcurrentDictionary<ObjectLayout, ErasureBlockCodec> Codecs = new();

    public static ErasureBlockCodec Get(ObjectLayout layout) =>
        Codecs.GetOrAdd(layout, static l => new ErasureBlockCodec(
            new ErasureLayout(l.DataShards, l.ParityShards, l.BlockSize, Math.Max(1, l.ShardBlockAlignment))));
}
