namespace Buckets.Grains.Multipart;

/// <summary>When abandoned multipart uploads are cleaned up.</summary>
public sealed class MultipartOptions
{
    public const string Section = "Buckets:Multipart";

    /// <summary>An upload neither completed nor aborted this long after it was created is aborted, its parts freed.</summary>
    public TimeSpan AbandonedUploadAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the cleanup looks for abandoned uploads.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
