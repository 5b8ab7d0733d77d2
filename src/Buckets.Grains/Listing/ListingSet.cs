using Buckets.Abstractions;

namespace Buckets.Grains.Listing;

/// <summary>
/// One erasure set as the listing merge sees it: a listing source per disk, and how many disks must agree on an
/// entry for it to be listed (a read quorum: fewer holders could not be read back).
/// </summary>
public sealed record ListingSet(int ReadQuorum, IReadOnlyList<Func<ListingQuery, Task<ListingPage>>> Disks);
