namespace Buckets.Storage;

/// <summary>Multipart uploads in progress: one small document per upload, beside the bucket documents.</summary>
public sealed partial class LocalDisk
{
    /// <summary>Replaces an upload's document atomically and durably.</summary>
    public ValueTask WriteUploadAsync(string bucket, string uploadId, ReadOnlyMemory<byte> document, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.UploadDocument(bucket, uploadId));
        return new ValueTask(Task.Run(() => WriteDocumentAsync(file, document, commitsShardStreams: false), ct));
    }

    /// <summary>An upload's document, or null when this disk has none.</summary>
    public ValueTask<byte[]?> ReadUploadAsync(string bucket, string uploadId, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.UploadDocument(bucket, uploadId));
        return new ValueTask<byte[]?>(Task.Run(() => ReadAllOrNull(file), ct));
    }

    /// <summary>Removes an upload's document durably; nothing happens when there is none.</summary>
    public ValueTask DeleteUploadAsync(string bucket, string uploadId, CancellationToken ct = default)
    {
        var file = Resolve(StoragePaths.UploadDocument(bucket, uploadId));
        return new ValueTask(Task.Run(async () =>
        {
            ThrowIfDisposed();
            try
            {
                File.Delete(file);
            }
            catch (DirectoryNotFoundException)
            {
                ThrowIfRootGone();
                return;
            }

            await durability.MakeDurableAsync(null, [Path.GetDirectoryName(file)!]).ConfigureAwait(false);
        }, ct));
    }

    /// <summary>The documents of every upload of the bucket on this disk, in no particular order.</summary>
    public ValueTask<IReadOnlyList<byte[]>> ListUploadsAsync(string bucket, CancellationToken ct = default)
    {
        var directory = Resolve(StoragePaths.UploadsDirectory(bucket));
        return new ValueTask<IReadOnlyList<byte[]>>(Task.Run(() =>
        {
            ThrowIfDisposed();
            ThrowIfRootGone();
            var documents = new List<byte[]>();
            if (!Directory.Exists(directory))
            {
                return (IReadOnlyList<byte[]>)documents;
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (StoragePaths.IsValidUploadId(Path.GetFileName(file)) && ReadAllOrNull(file) is { } document)
                {
                    documents.Add(document);
                }
            }

            return documents;
        }, ct));
    }
}
