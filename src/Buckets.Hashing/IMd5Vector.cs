using System.Diagnostics.CodeAnalysis;

namespace Buckets.Hashing;

/// <summary>
/// The vector width <see cref="Md5Multi{TVector, TOps}"/> runs at: one lane per stream, one 32-bit element per lane.
/// Implemented by empty structs so the generic kernel is compiled once per width with every call inlined.
/// </summary>
internal unsafe interface IMd5Vector<TVector>
    where TVector : unmanaged
{
    /// <summary>Streams hashed side by side: the vector's 32-bit elements.</summary>
    static abstract int Lanes { get; }

    static abstract bool IsSupported { get; }

    static abstract TVector Add(TVector left, TVector right);

    static abstract TVector Broadcast(uint value);

    static abstract TVector RotateLeft(TVector value, [ConstantExpected] byte count);

    static abstract TVector TernaryLogic(TVector a, TVector b, TVector c, [ConstantExpected] byte control);

    static abstract TVector Load(uint* source);

    static abstract void Store(TVector value, uint* destination);

    /// <summary>
    /// Reads block <paramref name="block"/> of every lane and turns it around: <c>words[j]</c> gets message word j,
    /// lane i in element i. <paramref name="scratch"/> holds 48 vectors.
    /// </summary>
    static abstract void LoadWords(nint* lanes, int block, TVector* scratch, TVector* words);
}
