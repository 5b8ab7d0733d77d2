namespace Buckets.Erasure.Kernels;

internal readonly struct OneRow : IRowGroup
{
    public static int Count => 1;
}

internal readonly struct TwoRows : IRowGroup
{
    public static int Count => 2;
}

internal readonly struct ThreeRows : IRowGroup
{
    public static int Count => 3;
}

internal readonly struct FourRows : IRowGroup
{
    public static int Count => 4;
}
