using System.Text;

namespace Buckets.Storage.Tests;

/// <summary>S3's key order, written independently of the code under test: compare the UTF-8 bytes.</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = Encoding.UTF8.GetBytes(x!);
        var b = Encoding.UTF8.GetBytes(y!);
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i] ? -1 : 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
