using System.Security.Cryptography;

namespace Buckets.Server.Tests;

/// <summary>What a download turned out to be: its length, its SHA-256, and where it first differed from the seeded content.</summary>
public sealed record DownloadCheck(long Length, string Sha256, long? FirstMismatch)
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>Reads <paramref name="body"/> to its end with one small buffer, comparing it with the seeded content from <paramref name="offset"/>.</summary>
    public static async Task<DownloadCheck> ReadAsync(Stream body, ulong seed, long offset, CancellationToken cancel)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        var expected = new byte[BufferSize];
        long length = 0;
        long? mismatch = null;
        int read;
        while ((read = await body.ReadAsync(buffer, cancel)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            if (mismatch is null)
            {
                SeededBytes.Fill(seed, offset + length, expected.AsSpan(0, read));
                var differs = buffer.AsSpan(0, read).CommonPrefixLength(expected.AsSpan(0, read));
                if (differs < read)
                {
                    mismatch = length + differs;
                }
            }

            length += read;
        }

        return new DownloadCheck(length, Convert.ToHexStringLower(sha256.GetHashAndReset()), mismatch);
    }
}
