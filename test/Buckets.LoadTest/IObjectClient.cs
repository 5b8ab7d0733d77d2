namespace Buckets.LoadTest;

/// <summary>The three calls a load run makes, whichever client makes them.</summary>
public interface IObjectClient : IDisposable
{
    Task CreateBucketAsync(string bucket, CancellationToken cancellationToken);

    Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>Reads the object into <paramref name="buffer"/> (its exact size); returns the bytes read.</summary>
    Task<long> GetAsync(string bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken);
}
