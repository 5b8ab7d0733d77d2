using BenchmarkDotNet.Attributes;
using Buckets.Erasure;

namespace Buckets.Benchmarks;

/// <summary>
/// What the erasure set does per 1 MiB block of a PUT, in the aligned layout the disks write (shard blocks of
/// checksum + shard + padding to 4 KiB): <see cref="ErasureBlockCodec.EncodeBlock"/> copying the block into its data
/// shard blocks first (baseline), against <see cref="ErasureBlockCodec.EncodeInPlace"/> on a block received straight
/// into them, as the gateway now does. Both compute parity and the XXH3-128 checksums of every shard block.
/// </summary>
[CategoriesColumn]
[BenchmarkCategory("BlockCodec")]
[BytesPerOperation(BlockBytes)]
public class BlockCodecBenchmarks
{
    private const int BlockBytes = 1 << 20;

    private ErasureBlockCodec codec = null!;
    private byte[] block = [];
    private Memory<byte>[] shardBlocks = [];

    [Params("2+2", "4+2", "8+4")]
    public string Layout { get; set; } = "2+2";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Layout.Split('+');
        codec = new ErasureBlockCodec(new ErasureLayout(int.Parse(parts[0]), int.Parse(parts[1]), BlockBytes, shardBlockAlignment: 4096));
        block = new byte[BlockBytes];
        new Random(42).NextBytes(block);
        var stride = codec.Layout.ShardBlockStride;
        var frame = GC.AllocateUninitializedArray<byte>((codec.Layout.TotalShards * stride) + 4096, pinned: true);
        shardBlocks = Enumerable.Range(0, codec.Layout.TotalShards).Select(i => frame.AsMemory(i * stride, stride)).ToArray();

        // Both must produce the same shard blocks, or the comparison times two different jobs.
        codec.EncodeBlock(block, 0, shardBlocks);
        var copied = shardBlocks.Select(s => s.ToArray()).ToArray();
        InPlace();
        if (!copied.Zip(shardBlocks).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second.Span)))
        {
            throw new InvalidOperationException("EncodeInPlace disagrees with EncodeBlock.");
        }
    }

    [Benchmark(Baseline = true)]
    public void CopyThenEncode() => codec.EncodeBlock(block, 0, shardBlocks);

    [Benchmark]
    public void InPlace()
    {
        // The data shard blocks already hold the block (the copy made by the setup and each baseline run).
        codec.EncodeInPlace(BlockBytes, 0, shardBlocks);
    }
}
