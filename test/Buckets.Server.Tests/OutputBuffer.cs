using System.Text;

namespace Buckets.Server.Tests;

/// <summary>The child process's stdout and stderr, interleaved as they arrive, kept to the last few MiB.</summary>
internal sealed class OutputBuffer
{
    private const int MaxChars = 4 * 1024 * 1024;

    private readonly Lock gate = new();
    private readonly StringBuilder text = new();

    public void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            text.Append(stream).Append("| ").Append(line).Append('\n');
            if (text.Length > MaxChars)
            {
                text.Remove(0, text.Length - (MaxChars / 2));
            }
        }
    }

    /// <summary>The last <paramref name="lines"/> lines.</summary>
    public string Tail(int lines)
    {
        string all;
        lock (gate)
        {
            all = text.ToString();
        }

        var split = all.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', split.Skip(Math.Max(0, split.Length - lines)));
    }

    public override string ToString()
    {
        lock (gate)
        {
            return text.ToString();
        }
    }
}
