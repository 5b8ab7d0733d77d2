namespace Buckets.Hashing;

/// <summary>The sixteen message words of one block for every lane, kept in registers by <see cref="Md5Multi{TVector, TOps}"/>.</summary>
internal struct Words<TVector>
    where TVector : unmanaged
{
    public TVector W0;
    public TVector W1;
    public TVector W2;
    public TVector W3;
    public TVector W4;
    public TVector W5;
    public TVector W6;
    public TVector W7;
    public TVector W8;
    public TVector W9;
    public TVector W10;
    public TVector W11;
    public TVector W12;
    public TVector W13;
    public TVector W14;
    public TVector W15;
}
