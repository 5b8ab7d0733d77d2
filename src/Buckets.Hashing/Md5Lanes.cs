using System.Runtime.Intrinsics;

namespace Buckets.Hashing;

/// <summary>
/// Computes the MD5 of many concurrent streams on one worker thread, up to sixteen at a time in the lanes of
/// <see cref="Md5Multi{TVector, TOps}"/>: with several uploads in flight their MD5s cost little more than one. A
/// stream keeps one lane while it has pieces queued; a waiting stream takes the first lane that frees up.
/// </summary>
public sealed unsafe class Md5Lanes : IDisposable
{
    /// <summary>Blocks compressed before lanes are looked at again, so a newly arrived stream waits little.</summary>
    private const int BlocksPerPass = 256;

    /// <summary>
    /// At most this many streams in the lanes are hashed by scalar chains rather than a vector pass, which costs the
    /// same however few lanes it fills. Measured here (Md5Benchmarks): one chain 0.6 GiB/s, two interleaved 1.0 GiB/s
    /// together; three streams 1.2 GiB/s in an eight-lane pass against 0.7 through chains; eight full lanes 3.7.
    /// </summary>
    private const int MaxScalarStreams = 2;

    private static readonly Lazy<Md5Lanes> SharedEngine = new(() => new Md5Lanes());

    private readonly object _gate = new();
    private readonly Queue<LaneMd5> _ready = new();
    private readonly Md5Lane[] _lanes = new Md5Lane[Md5Vector512.Lanes];
    private readonly byte* _idle;
    private readonly Thread _worker;
    private readonly List<Md5Job> _done = new(Md5Vector512.Lanes);
    private bool _disposed;

    public Md5Lanes()
    {
        // Idle lanes read zeros so the pass needs no per-lane branches.
        _idle = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)(BlocksPerPass * Md5Block.Size));
        _worker = new Thread(Run) { IsBackground = true, Name = "md5-lanes" };
        _worker.Start();
    }

    /// <summary>The process-wide engine, started on first use.</summary>
    public static Md5Lanes Shared => SharedEngine.Value;

    /// <summary>Whether this CPU runs lanes side by side; without AVX-512 each stream is hashed on its own (still off the caller's thread).</summary>
    public static bool IsAccelerated => Md5Vector512.IsSupported;

    public LaneMd5 Create() => new(this);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        _worker.Join();
        System.Runtime.InteropServices.NativeMemory.Free(_idle);
    }

    internal void Submit(LaneMd5 stream, Md5Job job)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            stream.Jobs.Enqueue(job);
            if (!stream.Scheduled)
            {
                stream.Scheduled = true;
                _ready.Enqueue(stream);
                Monitor.Pulse(_gate);
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            bool busy;
            lock (_gate)
            {
                busy = FillLanes();
                if (!busy && _done.Count == 0)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                    continue;
                }
            }

            if (busy)
            {
                var blocks = BlocksPerPass;
                var active = 0;
                for (var i = 0; i < _lanes.Length; i++)
                {
                    if (_lanes[i].Stream is not null)
                    {
                        blocks = Math.Min(blocks, _lanes[i].BlocksLeft);
                        active++;
                    }
                }

                Compress(blocks, active);
                Advance(blocks);
            }

            foreach (var job in _done)
            {
                job.Done.SetResult();
            }

            _done.Clear();
        }
    }

    /// <summary>Gives free lanes to waiting streams; whether any lane has blocks to compress.</summary>
    private bool FillLanes()
    {
        var busy = false;
        for (var i = 0; i < _lanes.Length; i++)
        {
            while (_lanes[i].Stream is null && _ready.TryDequeue(out var stream))
            {
                StartNextJob(i, stream);
            }

            busy |= _lanes[i].Stream is not null;
        }

        return busy;
    }

    /// <summary>Under the lock: puts the stream's next piece in lane <paramref name="lane"/>, or frees the lane.</summary>
    private void StartNextJob(int lane, LaneMd5 stream)
    {
        while (stream.Jobs.TryDequeue(out var job))
        {
            var (offset, blocks) = Prepare(stream, job);
            if (blocks == 0)
            {
                _done.Add(job);
                continue;
            }

            _lanes[lane] = new Md5Lane(stream, job, (nint)job.Pin.Pointer + offset, blocks);
            return;
        }

        stream.Scheduled = false;
        _lanes[lane] = default;
    }

    /// <summary>
    /// Takes in what of the piece does not fill whole blocks (topping up the stream's partial block first, compressing it
    /// if it fills); where the whole blocks left for a lane start, and how many there are.
    /// </summary>
    private static (int Offset, int Blocks) Prepare(LaneMd5 stream, Md5Job job)
    {
        var data = job.Data.Span;
        stream.Length += data.Length;
        var offset = 0;
        if (stream.TailLength > 0)
        {
            offset = Math.Min(Md5Block.Size - stream.TailLength, data.Length);
            data[..offset].CopyTo(stream.Tail.AsSpan(stream.TailLength));
            stream.TailLength += offset;
            if (stream.TailLength < Md5Block.Size)
            {
                return (offset, 0);
            }

            Md5Block.Compress(stream.State, stream.Tail);
            stream.TailLength = 0;
        }

        var blocks = (data.Length - offset) / Md5Block.Size;
        var remainder = data.Length - offset - (blocks * Md5Block.Size);
        data[^remainder..].CopyTo(stream.Tail);
        stream.TailLength = remainder;
        if (blocks > 0)
        {
            job.Pin = job.Data.Pin();
        }

        return (offset, blocks);
    }

    private void Compress(int blocks, int active)
    {
        // A pass costs the same however few of its lanes it fills, and on this kind of CPU a sixteen-lane pass costs
        // two eight-lane ones: take the narrowest that holds every stream; a few streams go faster through scalar
        // chains, two at a time side by side.
        if (active > MaxScalarStreams && Md5Vector256.IsSupported && active <= Md5Vector256.Lanes)
        {
            Pass<Vector256<uint>, Md5Vector256>(blocks);
            return;
        }

        if (active > MaxScalarStreams && Md5Vector512.IsSupported)
        {
            Pass<Vector512<uint>, Md5Vector512>(blocks);
            return;
        }

        LaneMd5? waiting = null;
        var waitingLane = 0;
        for (var i = 0; i < _lanes.Length; i++)
        {
            if (_lanes[i].Stream is not { } stream)
            {
                continue;
            }

            if (waiting is null)
            {
                waiting = stream;
                waitingLane = i;
                continue;
            }

            Md5Block.Compress2(waiting.State, LaneBytes(waitingLane, blocks), stream.State, LaneBytes(i, blocks));
            waiting = null;
        }

        if (waiting is not null)
        {
            Md5Block.Compress(waiting.State, LaneBytes(waitingLane, blocks));
        }
    }

    /// <summary>Compresses every busy lane's next blocks in one pass, the streams packed into the pass's first lanes.</summary>
    private void Pass<TVector, TOps>(int blocks)
        where TVector : unmanaged
        where TOps : struct, IMd5Vector<TVector>
    {
        var width = TOps.Lanes;
        var pointers = stackalloc nint[width];
        var slots = stackalloc int[width];
        var words = stackalloc uint[4 * width];
        new Span<uint>(words, 4 * width).Clear();
        var used = 0;
        for (var i = 0; i < _lanes.Length; i++)
        {
            if (_lanes[i].Stream is { } stream)
            {
                pointers[used] = _lanes[i].Pointer;
                for (var word = 0; word < 4; word++)
                {
                    words[(word * width) + used] = stream.State[word];
                }

                slots[used++] = i;
            }
        }

        for (var j = used; j < width; j++)
        {
            pointers[j] = (nint)_idle;
        }

        var state = stackalloc TVector[4];
        for (var word = 0; word < 4; word++)
        {
            state[word] = TOps.Load(words + (word * width));
        }

        Md5Multi<TVector, TOps>.Compress(new Span<TVector>(state, 4), new ReadOnlySpan<nint>(pointers, width), blocks);
        for (var word = 0; word < 4; word++)
        {
            TOps.Store(state[word], words + (word * width));
            for (var j = 0; j < used; j++)
            {
                _lanes[slots[j]].Stream!.State[word] = words[(word * width) + j];
            }
        }
    }

    private ReadOnlySpan<byte> LaneBytes(int lane, int blocks) => new((void*)_lanes[lane].Pointer, blocks * Md5Block.Size);

    private void Advance(int blocks)
    {
        for (var i = 0; i < _lanes.Length; i++)
        {
            ref var lane = ref _lanes[i];
            if (lane.Stream is not { } stream)
            {
                continue;
            }

            lane.Pointer += blocks * Md5Block.Size;
            lane.BlocksLeft -= blocks;
            if (lane.BlocksLeft > 0)
            {
                continue;
            }

            lane.Job!.Pin.Dispose();
            _done.Add(lane.Job);
            lock (_gate)
            {
                StartNextJob(i, stream);
            }
        }
    }
}
