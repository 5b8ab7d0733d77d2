using Buckets.Hashing;

namespace Buckets.Gateway.Checksums;

/// <summary>
/// A body's MD5 check computed from the blocks its reader holds anyway, in a <see cref="Md5Lanes"/> lane beside the
/// other uploads' instead of on the reading thread. See <see cref="DigestVerifyingStream.DeferMd5"/>.
/// </summary>
public sealed class DeferredMd5
{
    private readonly DigestCheck _check;
    private readonly LaneMd5 _md5;

    internal DeferredMd5(DigestCheck check, LaneMd5 md5)
    {
        _check = check;
        _md5 = md5;
    }

    /// <summary>Queues the next bytes read; <paramref name="data"/> must not change until the task completes.</summary>
    public Task AppendAsync(ReadOnlyMemory<byte> data) => _md5.AppendAsync(data);

    /// <summary>Once the whole body was appended: sets the check's result and fails as the stream would have on a mismatch.</summary>
    public async Task CompleteAsync() => _check.Complete(await _md5.GetHashAsync().ConfigureAwait(false));
}
