using System.Runtime.Intrinsics;

namespace Buckets.Hashing;

/// <summary>The sixteen message words of one block for sixteen lanes, kept in registers by <see cref="Md5x16"/>.</summary>
internal struct Words
{
    public Vector512<uint> W0;
    public Vector512<uint> W1;
    public Vector512<uint> W2;
    public Vector512<uint> W3;
    public Vector512<uint> W4;
    public Vector512<uint> W5;
    public Vector512<uint> W6;
    public Vector512<uint> W7;
    public Vector512<uint> W8;
    public Vector512<uint> W9;
    public Vector512<uint> W10;
    public Vector512<uint> W11;
    public Vector512<uint> W12;
    public Vector512<uint> W13;
    public Vector512<uint> W14;
    public Vector512<uint> W15;
}
