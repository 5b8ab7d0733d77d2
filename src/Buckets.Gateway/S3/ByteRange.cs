using Buckets.Gateway.Errors;

namespace Buckets.Gateway.S3;

/// <summary>A satisfiable byte range of an object, parsed from an HTTP Range header as S3 reads it.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// Null when there is no usable range (absent, or not a single <c>bytes=</c> range: S3 then serves the whole
    /// object); <see cref="S3ErrorCode.InvalidRange"/> when the range lies wholly past the end.
    /// </summary>
    public static ByteRange? Parse(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return null;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, out var suffix) || suffix < 0)
            {
                return null;
            }

            if (suffix == 0 || size == 0)
            {
                throw new S3Exception(S3ErrorCode.InvalidRange);
            }

            var length = Math.Min(suffix, size);
            return new ByteRange(size - length, length);
        }

        if (!long.TryParse(first, out var start) || start < 0)
        {
            return null;
        }

        long end = size - 1;
        if (last.Length > 0 && (!long.TryParse(last, out end) || end < start))
        {
            return null;
        }

        if (start >= size)
        {
            throw new S3Exception(S3ErrorCode.InvalidRange);
        }

        end = Math.Min(end, size - 1);
        return new ByteRange(start, end - start + 1);
    }
}
