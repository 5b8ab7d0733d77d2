using System.Runtime.InteropServices;

namespace Buckets.Benchmarks;

/// <summary>
/// P/Invoke declarations for the Intel ISA-L erasure-code functions the baseline uses (Debian/Ubuntu package
/// <c>libisal2</c>, installed with <c>apt-get install libisal-dev</c>). Only the benchmarks touch ISA-L; the
/// Buckets.Erasure library never depends on it.
/// </summary>
internal static unsafe partial class IsaL
{
    public const string LibraryName = "libisal.so.2";

    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    });

    /// <summary>True when libisal.so.2 can be loaded in this process.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>Fills the m x k matrix <paramref name="a"/>: identity on the first k rows, Cauchy rows below.</summary>
    [LibraryImport(LibraryName, EntryPoint = "gf_gen_cauchy1_matrix")]
    public static partial void GfGenCauchy1Matrix(byte* a, int m, int k);

    /// <summary>Inverts the n x n matrix <paramref name="input"/> (which it destroys) into <paramref name="output"/>; 0 on success.</summary>
    [LibraryImport(LibraryName, EntryPoint = "gf_invert_matrix")]
    public static partial int GfInvertMatrix(byte* input, byte* output, int n);

    /// <summary>Expands the rows x k coefficient matrix <paramref name="a"/> into 32*k*rows bytes of multiply tables.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ec_init_tables")]
    public static partial void EcInitTables(int k, int rows, byte* a, byte* gftbls);

    /// <summary>Computes <paramref name="rows"/> output buffers from <paramref name="k"/> input buffers of <paramref name="len"/> bytes.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ec_encode_data")]
    public static partial void EcEncodeData(int len, int k, int rows, byte* gftbls, byte** data, byte** coding);
}
