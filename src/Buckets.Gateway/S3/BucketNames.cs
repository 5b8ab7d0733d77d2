namespace Buckets.Gateway.S3;

/// <summary>The AWS general-purpose bucket naming rules.</summary>
public static class BucketNames
{
    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63 || !IsLowerAlphanumeric(name[0]) || !IsLowerAlphanumeric(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLowerAlphanumeric(c) && c != '-' && c != '.')
            {
                return false;
            }
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal) ||
            name.Contains("-.", StringComparison.Ordinal) || LooksLikeIPv4(name) ||
            name.StartsWith("xn--", StringComparison.Ordinal) || name.StartsWith("sthree-", StringComparison.Ordinal) ||
            name.EndsWith("-s3alias", StringComparison.Ordinal) || name.EndsWith("--ol-s3", StringComparison.Ordinal))
        {
            return false;
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    private static bool LooksLikeIPv4(string name)
    {
        var parts = name.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
