namespace Buckets.Grains.Multipart;

/// <summary>S3's limits on multipart uploads.</summary>
public static class MultipartLimits
{
    public const int MaxParts = 10_000;

    /// <summary>Every part but the last must be at least this large.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;
}
