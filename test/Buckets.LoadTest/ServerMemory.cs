namespace Buckets.LoadTest;

/// <summary>The server's resident memory, now and at its peak, from /proc.</summary>
public static class ServerMemory
{
    public static string Describe(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            return $"RSS {Field("VmRSS")}, peak RSS {Field("VmHWM")}";
        }
        catch (IOException)
        {
            return $"process {pid} not found";
        }
    }
}
