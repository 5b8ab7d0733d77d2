namespace Buckets.LoadTest;

/// <summary>
/// A few random payloads made once: the content of a key is payload[hash(key) % count], so any GET can be
/// checked byte for byte without the generator keeping what it wrote.
/// </summary>
public sealed class Payloads
{
    private readonly byte[][] payloads;

    public Payloads(long size, int count)
    {
        var random = new Random(20261124);
        payloads = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            payloads[i] = GC.AllocateUninitializedArray<byte>((int)size);
            random.NextBytes(payloads[i]);
        }
    }

    public byte[] For(string key) => payloads[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)payloads.Length)];
}
