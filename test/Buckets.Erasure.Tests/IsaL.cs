using System.Runtime.InteropServices;

namespace Buckets.Erasure.Tests;

/// <summary>
/// Intel ISA-L (libisal.so.2, Debian/Ubuntu package libisal2 / libisal-dev), the reference our parity must equal.
/// Tests skip when it cannot be loaded.
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

        var complete = NativeLibrary.TryGetExport(handle, "gf_gen_cauchy1_matrix", out _)
            && NativeLibrary.TryGetExport(handle, "ec_init_tables", out _)
            && NativeLibrary.TryGetExport(handle, "ec_encode_data", out _);
        NativeLibrary.Free(handle);
        return complete;
    });

    public static bool IsAvailable => Available.Value;

    public const string SkipReason = "Intel ISA-L (libisal.so.2) cannot be loaded; install libisal-dev to run this cross-check.";

    public static byte[] Cauchy1Matrix(int totalRows, int dataShards)
    {
        var matrix = new byte[totalRows * dataShards];
        fixed (byte* a = matrix)
        {
            GfGenCauchy1Matrix(a, totalRows, dataShards);
        }

        return matrix;
    }

    /// <summary>ISA-L's parity for <paramref name="data"/> with the Cauchy matrix, as ec_encode_data computes it.</summary>
    public static byte[][] Encode(byte[][] data, int parityShards)
    {
        var k = data.Length;
        var length = data[0].Length;
        var matrix = Cauchy1Matrix(k + parityShards, k);
        var tables = new byte[32 * k * parityShards];
        var parity = new byte[parityShards][];
        for (var i = 0; i < parityShards; i++)
        {
            parity[i] = new byte[length];
        }

        var handles = data.Concat(parity).Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
        try
        {
            var dataPointers = stackalloc byte*[k];
            var parityPointers = stackalloc byte*[parityShards];
            for (var i = 0; i < k; i++)
            {
                dataPointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            }

            for (var i = 0; i < parityShards; i++)
            {
                parityPointers[i] = (byte*)handles[k + i].AddrOfPinnedObject();
            }

            fixed (byte* a = matrix)
            fixed (byte* g = tables)
            {
                EcInitTables(k, parityShards, a + (k * k), g);
                EcEncodeData(length, k, parityShards, g, dataPointers, parityPointers);
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }

        return parity;
    }

    [LibraryImport(LibraryName, EntryPoint = "gf_gen_cauchy1_matrix")]
    private static partial void GfGenCauchy1Matrix(byte* a, int m, int k);

    [LibraryImport(LibraryName, EntryPoint = "ec_init_tables")]
    private static partial void EcInitTables(int k, int rows, byte* a, byte* gftbls);

    [LibraryImport(LibraryName, EntryPoint = "ec_encode_data")]
    private static partial void EcEncodeData(int len, int k, int rows, byte* gftbls, byte** data, byte** coding);
}
