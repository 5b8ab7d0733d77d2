using System.Security.Cryptography;
using Buckets.Abstractions;
using Buckets.Grains.Disks;
using Buckets.Grains.Persistence;
using Buckets.Grains.Topology;

namespace Buckets.Grains.Multipart;

/// <summary>
/// One multipart upload. Not reentrant: part commits, completion and abort of one upload are serialized here, while
/// the parts' bytes flow from the gateway straight to the erasure set. Its document lives on every disk of the set
/// the object key maps to, written with quorum after every change, so an acknowledged part survives a restart.
/// </summary>
internal sealed class MultipartUploadGrain(IGrainFactory grains, DiskGrains diskGrains, TopologyCache topology) : Grain, IMultipartUploadGrain
{
    private UploadDocument? document;
    private bool loaded;

    // Parts whose uploads gave up on recording them: a record that arrives after the drop finds its shards gone.
    private HashSet<Guid>? dropped;

    async Task<UploadInfo> IMultipartUploadGrain.Create(string bucket, string key, Dictionary<string, string> headers, ObjectTag[]? tags)
    {
        if (document is not null)
        {
            throw new InvalidOperationException($"Upload {this.GetPrimaryKeyString()} exists already.");
        }

        var info = new UploadInfo(this.GetPrimaryKeyString(), bucket, key, DateTimeOffset.UtcNow, headers, tags is { Length: > 0 } ? tags : null);
        await SaveAsync(new UploadDocument(UploadDocument.CurrentFormat, info, [], info.Initiated));
        return info;
    }

    async Task<UploadState> IMultipartUploadGrain.Get(string bucket, string key)
    {
        var current = await RequireAsync(bucket, key);
        return new UploadState(current.Info, current.Parts);
    }

    async Task<WriteTicket> IMultipartUploadGrain.BeginPart(string bucket, string key)
    {
        await RequireAsync(bucket, key);
        var view = await topology.GetAsync();
        var set = view.Locate(bucket, key);
        return new WriteTicket(set.Index, view.Snapshot.Generation, set.Layout, Guid.NewGuid());
    }

    async Task<UploadedPart> IMultipartUploadGrain.CommitPart(string bucket, string key, UploadedPart part, ulong diskMask)
    {
        if (dropped?.Contains(part.DataDir) == true)
        {
            throw new StorageUnavailableException($"Part {part.Number} of {bucket}/{key} was dropped by its uploader before this record arrived.");
        }

        var current = await RequireAsync(bucket, key);
        var set = (await topology.GetAsync()).Locate(bucket, key);
        var holders = set.Disks.Count(d => (diskMask & (1UL << d.Index)) != 0);
        if (holders < set.WriteQuorum)
        {
            await DeleteDataAsync(bucket, key, [part.DataDir]);
            throw new StorageUnavailableException(
                $"Only {holders} of {set.TotalShards} disks hold all shards of part {part.Number} of {bucket}/{key}; {set.WriteQuorum} are needed.");
        }

        var replaced = current.Parts.Where(p => p.Number == part.Number).ToArray();
        var parts = current.Parts.Where(p => p.Number != part.Number).Append(part).OrderBy(p => p.Number).ToArray();
        try
        {
            await SaveAsync(current with { Parts = parts, Stamp = NextStamp(current.Stamp) });
        }
        catch
        {
            await DeleteDataAsync(bucket, key, [part.DataDir]);
            throw;
        }

        // A part uploaded again replaces the earlier bytes; nobody reads parts before completion.
        await DeleteDataAsync(bucket, key, replaced.Select(p => p.DataDir));
        return part;
    }

    async Task IMultipartUploadGrain.DropPart(string bucket, string key, Guid dataDir)
    {
        await EnsureLoadedAsync(bucket, key);

        // Calls to this grain run one at a time, so a record that went through is visible here.
        if (document is not null && document.Parts.Any(p => p.DataDir == dataDir))
        {
            return;
        }

        if ((await grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}").Referenced([dataDir])).Length > 0)
        {
            return;
        }

        (dropped ??= []).Add(dataDir);
        await DeleteDataAsync(bucket, key, [dataDir]);
    }

    async Task<ObjectVersion> IMultipartUploadGrain.Complete(string bucket, string key, CompletedPart[] parts, BucketVersioning versioning)
    {
        var current = await RequireAsync(bucket, key);
        var chosen = Choose(current, parts);
        var md5s = chosen.SelectMany(p => Convert.FromHexString(p.ETag)).ToArray();
        var etag = $"{Convert.ToHexStringLower(MD5.HashData(md5s))}-{chosen.Length}";
        var set = (await topology.GetAsync()).Locate(bucket, key);

        // Each part is read with the layout it was written with; the object records the first one, and a part only
        // names its own when it differs (a layout change while the upload was open).
        var layouts = chosen.Select(p => p.Layout ?? set.Layout with { ShardBlockAlignment = 1 }).ToArray();
        var layout = layouts[0];
        var version = new ObjectVersion(
            bucket,
            key,
            chosen.Sum(p => p.Size),
            etag,
            DateTimeOffset.UtcNow,
            current.Info.Headers,
            layout,
            set.Index,
            (await topology.GetAsync()).Snapshot.Generation,
            Guid.Empty,
            Inline: false,
            Parts: chosen.Select((p, i) => new ObjectPart(p.Number, p.Size, p.ETag, p.DataDir, layouts[i] == layout ? null : layouts[i])).ToArray(),
            Tags: current.Info.Tags);
        var stored = await grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}").CommitMultipart(version, versioning);

        // The object owns the chosen parts now; the rest go, and so does the upload.
        var unused = current.Parts.Where(p => !chosen.Any(c => c.DataDir == p.DataDir)).Select(p => p.DataDir).ToArray();
        await EndAsync(bucket, key);
        await DeleteDataAsync(bucket, key, unused);
        return stored;
    }

    async Task IMultipartUploadGrain.Abort(string bucket, string key)
    {
        var current = await RequireAsync(bucket, key);
        await EndAsync(bucket, key);

        // A completion whose end missed its quorum leaves the upload behind with parts an object now reads.
        var dataDirs = current.Parts.Select(p => p.DataDir).ToArray();
        var inUse = await grains.GetGrain<IObjectRegistryGrain>($"{bucket}/{key}").Referenced(dataDirs);
        await DeleteDataAsync(bucket, key, dataDirs.Except(inUse));
    }

    /// <summary>The parts a completion names, checked as S3 checks them.</summary>
    private static UploadedPart[] Choose(UploadDocument current, CompletedPart[] parts)
    {
        if (parts.Length == 0)
        {
            throw new InvalidPartException("You must specify at least one part.");
        }

        var chosen = new UploadedPart[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0 && parts[i].Number <= parts[i - 1].Number)
            {
                throw new InvalidPartOrderException("The list of parts was not in ascending order. Parts must be ordered by part number.");
            }

            var etag = parts[i].ETag.Trim('"');
            chosen[i] = current.Parts.FirstOrDefault(p => p.Number == parts[i].Number && string.Equals(p.ETag, etag, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidPartException(
                    "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
        }

        for (var i = 0; i < chosen.Length - 1; i++)
        {
            if (chosen[i].Size < MultipartLimits.MinPartSize)
            {
                throw new EntityTooSmallException($"Part {chosen[i].Number} is {chosen[i].Size} bytes; every part but the last must be at least {MultipartLimits.MinPartSize}.");
            }
        }

        return chosen;
    }

    private async Task<UploadDocument> RequireAsync(string bucket, string key)
    {
        await EnsureLoadedAsync(bucket, key);
        if (document is null || document.Info.Bucket != bucket || document.Info.Key != key)
        {
            throw new NoSuchUploadException(
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
        }

        return document;
    }

    private async Task EnsureLoadedAsync(string bucket, string key)
    {
        if (!loaded)
        {
            document = await LoadAsync(bucket, key);
            loaded = true;
        }
    }

    private async Task<UploadDocument?> LoadAsync(string bucket, string key)
    {
        var uploadId = this.GetPrimaryKeyString();
        var set = (await topology.GetAsync()).Locate(bucket, key);
        var reads = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).ReadUpload(bucket, uploadId));
        var candidates = reads
            .Where(r => r.Succeeded && r.Value is not null)
            .Select(r => GrainJson.Deserialize<UploadDocument>(r.Value!.Value.Value))
            .Where(d => d is { FormatVersion: UploadDocument.CurrentFormat })
            .GroupBy(d => d!.Stamp)
            .OrderByDescending(g => g.Key)
            .ToArray();
        var chosen = candidates.FirstOrDefault(g => g.Count() >= set.DataShards);
        var silent = reads.Count(r => !r.Succeeded);
        if (candidates.TakeWhile(g => g != chosen).Any(g => g.Count() + silent >= set.DataShards) || (chosen is null && silent >= set.WriteQuorum))
        {
            throw new StorageUnavailableException($"Too few disks answered to tell the state of upload {uploadId}. {Quorum.Describe(reads)}");
        }

        return chosen?.First();
    }

    private async Task SaveAsync(UploadDocument next)
    {
        var info = next.Info;
        var set = (await topology.GetAsync()).Locate(info.Bucket, info.Key);
        var bytes = new Immutable<byte[]>(GrainJson.Serialize(next));
        var outcomes = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).WriteUpload(info.Bucket, info.UploadId, bytes));
        var written = outcomes.Count(o => o.Succeeded);
        if (written < set.WriteQuorum)
        {
            // The disks that took it keep a newer minority copy: outvoted at the next load unless enough come back.
            throw new StorageUnavailableException(
                $"Upload {info.UploadId} reached {written} of {set.TotalShards} disks; {set.WriteQuorum} are needed. {Quorum.Describe(outcomes)}");
        }

        document = next;
        loaded = true;
    }

    private async Task EndAsync(string bucket, string key)
    {
        var uploadId = this.GetPrimaryKeyString();
        var set = (await topology.GetAsync()).Locate(bucket, key);
        var outcomes = await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).DeleteUpload(bucket, uploadId));
        if (outcomes.Count(o => o.Succeeded) < set.WriteQuorum)
        {
            throw new StorageUnavailableException($"Ending upload {uploadId} reached too few disks. {Quorum.Describe(outcomes)}");
        }

        document = null;
    }

    private async Task DeleteDataAsync(string bucket, string key, IEnumerable<Guid> dataDirs)
    {
        var set = (await topology.GetAsync()).Locate(bucket, key);
        foreach (var dataDir in dataDirs)
        {
            // Best effort: a part left behind on a disk that was away is invisible, and the data scanner's to reclaim.
            await Quorum.RunAsync(set.Disks, d => diskGrains.Get(d).DeleteDataDir(bucket, key, dataDir));
        }
    }

    private static DateTimeOffset NextStamp(DateTimeOffset previous)
    {
        var now = DateTimeOffset.UtcNow;
        return now > previous ? now : previous.AddTicks(1);
    }
}
