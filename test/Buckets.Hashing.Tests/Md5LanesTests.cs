using Xunit;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Buckets.Hashing.Tests;

public sealed class Md5LanesTests
{
    [Fact]
    public void Sixteen_lanes_compress_sixteen_different_streams_as_one_lane_each_would()
        => AssertLanesCompressAsScalar<Vector512<uint>, Md5Vector512>();

    [Fact]
    public void Eight_lanes_compress_eight_different_streams_as_one_lane_each_would()
        => AssertLanesCompressAsScalar<Vector256<uint>, Md5Vector256>();

    [Fact]
    public async Task Concurrent_streams_of_odd_sized_pieces_each_get_their_own_MD5()
    {
        using var engine = new Md5Lanes();
        var random = new Random(3);

        // More streams than lanes, pieces that split blocks anywhere, empty pieces, one empty stream.
        var streams = Enumerable.Range(0, 40).Select(i =>
        {
            var length = i == 0 ? 0 : random.Next(1, 3 << 20);
            var data = new byte[length];
            random.NextBytes(data);
            return data;
        }).ToArray();

        var hashes = await Task.WhenAll(streams.Select((data, i) => Task.Run(async () =>
        {
            var md5 = engine.Create();
            var pieceRandom = new Random(i);
            var pending = new List<Task>();
            for (var offset = 0; offset < data.Length;)
            {
                var piece = Math.Min(data.Length - offset, pieceRandom.Next(4) switch
                {
                    0 => pieceRandom.Next(0, 200),
                    1 => 64 * pieceRandom.Next(1, 100),
                    _ => pieceRandom.Next(1, 1 << 20),
                });
                pending.Add(md5.AppendAsync(data.AsMemory(offset, piece)));
                offset += piece;
            }

            await Task.WhenAll(pending);
            return await md5.GetHashAsync();
        })));

        for (var i = 0; i < streams.Length; i++)
        {
            Assert.Equal(MD5.HashData(streams[i]), hashes[i]);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    public async Task A_few_concurrent_streams_each_get_their_own_MD5(int count)
    {
        // Up to two streams in the lanes are hashed by paired scalar chains, up to eight by an eight-lane pass, more
        // by a sixteen-lane one.
        using var engine = new Md5Lanes();
        var streams = Enumerable.Range(0, count).Select(i =>
        {
            var data = new byte[(1 << 20) + (i * 4099)];
            new Random(i).NextBytes(data);
            return data;
        }).ToArray();
        var md5s = streams.Select(_ => engine.Create()).ToArray();

        // Every stream's pieces are queued before any is awaited, so the lanes fill up together.
        var pending = new List<Task>();
        for (var offset = 0; offset < streams.Max(s => s.Length); offset += 64 * 1024)
        {
            for (var i = 0; i < count; i++)
            {
                if (offset < streams[i].Length)
                {
                    pending.Add(md5s[i].AppendAsync(streams[i].AsMemory(offset, Math.Min(64 * 1024, streams[i].Length - offset))));
                }
            }
        }

        await Task.WhenAll(pending);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(MD5.HashData(streams[i]), await md5s[i].GetHashAsync());
        }
    }

    [Fact]
    public async Task A_piece_may_be_overwritten_once_its_task_completes()
    {
        using var engine = new Md5Lanes();
        var buffer = new byte[100_000];
        var whole = new byte[3 * buffer.Length];
        new Random(5).NextBytes(whole);
        var md5 = engine.Create();
        for (var round = 0; round < 3; round++)
        {
            whole.AsSpan(round * buffer.Length, buffer.Length).CopyTo(buffer);
            await md5.AppendAsync(buffer);
        }

        Assert.Equal(MD5.HashData(whole), await md5.GetHashAsync());
    }

    [Fact]
    public async Task A_hash_that_was_taken_accepts_no_more_pieces()
    {
        using var engine = new Md5Lanes();
        var md5 = engine.Create();
        await md5.AppendAsync(new byte[10]);
        await md5.GetHashAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => md5.AppendAsync(new byte[1]));
    }

    [Fact]
    public async Task A_piece_is_hashed_while_other_open_streams_send_nothing()
    {
        using var engine = new Md5Lanes();
        engine.Create();
        engine.Create();
        var md5 = engine.Create();
        var data = new byte[1 << 20];
        new Random(9).NextBytes(data);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await md5.AppendAsync(data);

        // The engine never waits for other streams' pieces.
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Equal(MD5.HashData(data), await md5.GetHashAsync());
    }

    private static unsafe void AssertLanesCompressAsScalar<TVector, TOps>()
        where TVector : unmanaged
        where TOps : struct, IMd5Vector<TVector>
    {
        Assert.SkipUnless(TOps.IsSupported, "This CPU has no AVX-512.");
        const int blocks = 5;
        var lanes = TOps.Lanes;
        var data = new byte[lanes][];
        var random = new Random(11);
        for (var lane = 0; lane < lanes; lane++)
        {
            data[lane] = new byte[blocks * Md5Block.Size];
            random.NextBytes(data[lane]);
        }

        // Different starting states per lane catch a lane mix-up that equal states would hide.
        var words = new uint[4 * lanes];
        var expected = new uint[lanes][];
        for (var lane = 0; lane < lanes; lane++)
        {
            expected[lane] = [(uint)random.Next(), (uint)random.Next(), (uint)random.Next(), (uint)random.Next()];
            for (var word = 0; word < 4; word++)
            {
                words[(word * lanes) + lane] = expected[lane][word];
            }

            Md5Block.Compress(expected[lane], data[lane]);
        }

        var state = new TVector[4];
        var handles = data.Select(d => d.AsMemory().Pin()).ToArray();
        try
        {
            fixed (uint* source = words)
            {
                for (var word = 0; word < 4; word++)
                {
                    state[word] = TOps.Load(source + (word * lanes));
                }
            }

            var pointers = handles.Select(h => (nint)h.Pointer).ToArray();
            Md5Multi<TVector, TOps>.Compress(state, pointers, blocks);
            fixed (uint* destination = words)
            {
                for (var word = 0; word < 4; word++)
                {
                    TOps.Store(state[word], destination + (word * lanes));
                }
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }
        }

        for (var lane = 0; lane < lanes; lane++)
        {
            Assert.Equal(expected[lane], Enumerable.Range(0, 4).Select(word => words[(word * lanes) + lane]).ToArray());
        }
    }
}
