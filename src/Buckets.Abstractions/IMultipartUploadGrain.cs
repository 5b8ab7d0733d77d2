namespace Buckets.Abstractions;

/// <summary>
/// One multipart upload (the key: its upload id). Holds the parts uploaded so far, persisted on the object's erasure
/// set, and turns them into an object on completion. Every call names the bucket and key the caller expects, and an
/// upload made for another key answers <see cref="NoSuchUploadException"/>, as an unknown id does.
/// </summary>
[Alias("buckets.IMultipartUploadGrain")]
public interface IMultipartUploadGrain : IGrainWithStringKey
{
    /// <summary>Starts the upload; <paramref name="tags"/> (null for none) are the object's tag set once it completes.</summary>
    [Alias("Create")]
    Task<UploadInfo> Create(string bucket, string key, Dictionary<string, string> headers, ObjectTag[]? tags);

    [Alias("Get")]
    Task<UploadState> Get(string bucket, string key);

    /// <summary>Where a part's bytes go: a fresh data dir on the object's set.</summary>
    [Alias("BeginPart")]
    Task<WriteTicket> BeginPart(string bucket, string key);

    /// <summary>Records a stored part; a part with the same number is replaced. The disks in <paramref name="diskMask"/> hold all its shards.</summary>
    [Alias("CommitPart")]
    Task<UploadedPart> CommitPart(string bucket, string key, UploadedPart part, ulong diskMask);

    /// <summary>
    /// Drops the shards a part upload wrote into <paramref name="dataDir"/> when it could not record them; shards the
    /// upload recorded after all (the caller saw its record call fail, not the record), or an object completed from
    /// them reads, stay.
    /// </summary>
    [Alias("DropPart")]
    Task DropPart(string bucket, string key, Guid dataDir);

    /// <summary>Makes the named parts the object's latest version and ends the upload; unnamed parts are dropped.</summary>
    [Alias("Complete")]
    Task<ObjectVersion> Complete(string bucket, string key, CompletedPart[] parts, BucketVersioning versioning);

    /// <summary>Ends the upload and drops its parts.</summary>
    [Alias("Abort")]
    Task Abort(string bucket, string key);
}
