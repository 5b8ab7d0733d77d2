using System.Buffers.Binary;
using System.Text;

namespace Buckets.Storage.Tests;

/// <summary>
/// Metadata documents as the tests' "layer above" writes them, and the indexer that reads them back:
/// <c>kind u8 (0 unlisted, 1 listed, 2 hidden) | keyLength u32 | key | summary</c>.
/// </summary>
internal sealed class IndexDocuments : IObjectIndexer
{
    public static readonly IndexDocuments Indexer = new();

    private int described;

    /// <summary>Documents described so far (a rebuild reads every one; recovery needs none).</summary>
    public int Described => Volatile.Read(ref described);

    public static byte[] Document(string key, IndexEntry? entry)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var summary = entry is { } e ? e.Summary.Span : [];
        var document = new byte[5 + keyBytes.Length + summary.Length];
        document[0] = entry is null ? (byte)0 : entry.Value.Hidden ? (byte)2 : (byte)1;
        BinaryPrimitives.WriteInt32LittleEndian(document.AsSpan(1), keyBytes.Length);
        keyBytes.CopyTo(document, 5);
        summary.CopyTo(document.AsSpan(5 + keyBytes.Length));
        return document;
    }

    public static IndexEntry Listed(string summary) => new(Hidden: false, Encoding.UTF8.GetBytes(summary));

    public static IndexEntry Hidden(string summary) => new(Hidden: true, Encoding.UTF8.GetBytes(summary));

    /// <summary>Writes a key's document with its entry, as the layer above does.</summary>
    public static ValueTask Put(LocalDisk disk, string bucket, string key, IndexEntry? entry, CancellationToken ct) =>
        disk.WriteObjectMetadataAsync(bucket, key, Document(key, entry), entry, ct);

    public IndexedObject? Describe(string bucket, ReadOnlySpan<byte> metadataDocument)
    {
        Interlocked.Increment(ref described);
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(metadataDocument[1..]);
        var key = Encoding.UTF8.GetString(metadataDocument.Slice(5, keyLength));
        var summary = metadataDocument[(5 + keyLength)..].ToArray();
        return metadataDocument[0] switch
        {
            1 => new IndexedObject(key, new IndexEntry(false, summary)),
            2 => new IndexedObject(key, new IndexEntry(true, summary)),
            _ => null,
        };
    }
}
