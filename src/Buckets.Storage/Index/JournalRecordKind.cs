namespace Buckets.Storage;

/// <summary>What a journal record says happened to a key.</summary>
internal enum JournalRecordKind : byte
{
    /// <summary>A metadata document was written and the key lists with the record's entry.</summary>
    Put = 1,

    /// <summary>A metadata document was written and the key does not list.</summary>
    Remove = 2,

    /// <summary>The object was deleted: no metadata document is left.</summary>
    Delete = 3,
}
