namespace Buckets.Hashing;

/// <summary>
/// The MD5 of one stream computed by a <see cref="Md5Lanes"/> engine beside other streams. One writer appends
/// pieces in order without waiting for each; a piece's memory must stay unchanged until its task completes.
/// </summary>
public sealed class LaneMd5
{
    public const int HashLength = 16;

    private readonly Md5Lanes _engine;
    private Task _last = Task.CompletedTask;
    private bool _finished;

    internal LaneMd5(Md5Lanes engine)
    {
        _engine = engine;
        Md5Block.Initialize(State);
    }

    // Touched only by the engine's worker while pieces are pending, and by the writer once they are done.
    internal uint[] State { get; } = new uint[4];

    internal byte[] Tail { get; } = new byte[Md5Block.Size];

    internal int TailLength { get; set; }

    internal long Length { get; set; }

    // Guarded by the engine's lock.
    internal Queue<Md5Job> Jobs { get; } = new();

    internal bool Scheduled { get; set; }

    /// <summary>Queues <paramref name="data"/>; the task completes once it is hashed and the memory may be reused.</summary>
    public Task AppendAsync(ReadOnlyMemory<byte> data)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (data.IsEmpty)
        {
            return _last;
        }

        var job = new Md5Job(data);
        _engine.Submit(this, job);
        _last = job.Done.Task;
        return _last;
    }

    /// <summary>Waits for every queued piece and returns the digest of everything appended.</summary>
    public async Task<byte[]> GetHashAsync()
    {
        _finished = true;
        await _last.ConfigureAwait(false);
        var digest = new byte[HashLength];
        Md5Block.Finish(State, Tail.AsSpan(0, TailLength), Length, digest);
        return digest;
    }
}
