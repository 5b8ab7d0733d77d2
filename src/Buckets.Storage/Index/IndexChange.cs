namespace Buckets.Storage;

/// <summary>A metadata write's or delete's change to its bucket's index: the key, its object hash (the stripe lock) and the journal record.</summary>
internal sealed record IndexChange(BucketIndex Index, byte[] Key, string Hash, JournalRecord Record);
