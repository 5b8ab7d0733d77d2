using System.Diagnostics;
using System.Globalization;

namespace Buckets.Server.Tests;

/// <summary>A file's inode and link count, from stat(1): .NET shows neither, and hard links are only visible through them.</summary>
public readonly record struct FileIdentity(long Inode, int Links)
{
    public static FileIdentity Of(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i %h", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        if (stat.ExitCode != 0)
        {
            throw new FileNotFoundException($"stat {path} failed: {stat.StandardError.ReadToEnd().Trim()}", path);
        }

        var fields = output.Split(' ');
        return new FileIdentity(long.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
