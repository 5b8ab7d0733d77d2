using Buckets.Abstractions;

namespace Buckets.Grains.Persistence;

/// <summary>
/// An upload as each disk of the object's set stores it: what Create was given and the parts so far. The stamp orders
/// two disks' copies, as for object metadata.
/// </summary>
public sealed record UploadDocument(int FormatVersion, UploadInfo Info, UploadedPart[] Parts, DateTimeOffset Stamp)
{
    public const int CurrentFormat = 1;
}
