namespace Buckets.Storage;

/// <summary>
/// The index's recent changes, sorted by UTF-8 key bytes: a skip list whose writers take a lock and whose readers
/// take none. A node, once linked, is never unlinked and its key never changes; its value is an immutable object
/// swapped in whole, and a new node's links are set before it is published, so a reader walking concurrently
/// sees every key that was there when it started and, for each, an old or a new value.
/// </summary>
internal sealed class Memtable
{
    private const int MaxLevel = 24;

    // Per node: key, value, links array; an estimate, only used to bound memory.
    private const int NodeOverheadBytes = 96;

    private readonly Lock writeLock = new();
    private readonly Node head = new([], IndexValue.Tombstone, MaxLevel);
    private readonly Random random = new(0x5eed);
    private readonly Node?[] update = new Node?[MaxLevel];
    private int level = 1;
    private int count;
    private long bytes;

    public int Count => Volatile.Read(ref count);

    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>Sets a key's value (a tombstone removes it from listings and shadows older segments).</summary>
    public void Set(ReadOnlySpan<byte> key, IndexValue value)
    {
        lock (writeLock)
        {
            var node = head;
            for (var i = level - 1; i >= 0; i--)
            {
                for (var next = node.Next(i); next is not null && Utf8Keys.Compare(next.Key, key) < 0; next = node.Next(i))
                {
                    node = next;
                }

                update[i] = node;
            }

            var found = node.Next(0);
            if (found is not null && Utf8Keys.Compare(found.Key, key) == 0)
            {
                Interlocked.Add(ref bytes, value.Summary.Length - found.Value.Summary.Length);
                found.Value = value;
                return;
            }

            var height = RandomHeight();
            if (height > level)
            {
                for (var i = level; i < height; i++)
                {
                    update[i] = head;
                }

                level = height;
            }

            var created = new Node(key.ToArray(), value, height);
            for (var i = 0; i < height; i++)
            {
                created.SetNext(i, update[i]!.Next(i));
            }

            // Bottom level first: a reader that finds the node on a higher level can always walk on from it.
            for (var i = 0; i < height; i++)
            {
                update[i]!.PublishNext(i, created);
            }

            Interlocked.Increment(ref count);
            Interlocked.Add(ref bytes, key.Length + value.Summary.Length + NodeOverheadBytes);
        }
    }

    public IndexValue? Get(ReadOnlySpan<byte> key)
    {
        var node = SeekNode(key);
        return node is not null && Utf8Keys.Compare(node.Key, key) == 0 ? node.Value : null;
    }

    /// <summary>The first node whose key is at least <paramref name="key"/>, or null.</summary>
    public Node? SeekNode(ReadOnlySpan<byte> key)
    {
        var node = head;
        Node? next = null;
        for (var i = MaxLevel - 1; i >= 0; i--)
        {
            for (next = node.Next(i); next is not null && Utf8Keys.Compare(next.Key, key) < 0; next = node.Next(i))
            {
                node = next;
            }
        }

        // The node compared last, not a fresh read of node.Next(0): a key inserted meanwhile between node and the
        // target would be smaller than the target.
        return next;
    }

    public Node? First => head.Next(0);

    private int RandomHeight()
    {
        var height = 1;
        while (height < MaxLevel && random.Next(4) == 0)
        {
            height++;
        }

        return height;
    }

    internal sealed class Node(byte[] key, IndexValue value, int height)
    {
        private readonly Node?[] next = new Node?[height];
        private IndexValue value = value;

        public byte[] Key { get; } = key;

        public IndexValue Value
        {
            get => Volatile.Read(ref value);
            set => Volatile.Write(ref this.value, value);
        }

        public Node? Next(int level) => level < next.Length ? Volatile.Read(ref next[level]) : null;

        public void SetNext(int level, Node? node) => next[level] = node;

        public void PublishNext(int level, Node node) => Volatile.Write(ref next[level], node);
    }
}
