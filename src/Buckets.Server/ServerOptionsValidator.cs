using System.Net;
using Microsoft.Extensions.Options;

namespace Buckets.Server;

/// <summary>Every rule a setting must meet, each failure one line that names the setting and what is wrong.</summary>
public sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _) && options.Address != "localhost")
        {
            failures.Add($"Buckets:Server:Address '{options.Address}' is not an IP address.");
        }

        foreach (var (setting, port) in new[]
                 {
                     ("Port", options.Port), ("AdminPort", options.AdminPort), ("SiloPort", options.SiloPort), ("GatewayPort", options.GatewayPort),
                 })
        {
            if (port is < 1 or > 65535)
            {
                failures.Add($"Buckets:Server:{setting} {port} is not a TCP port (1-65535).");
            }
        }

        var ports = new[] { options.Port, options.SiloPort, options.GatewayPort, options.AdminPort };
        if (ports.Distinct().Count() != ports.Length)
        {
            failures.Add($"Buckets:Server ports must differ: Port {options.Port}, AdminPort {options.AdminPort}, SiloPort {options.SiloPort}, GatewayPort {options.GatewayPort}.");
        }

        if (options.DataShards < 1)
        {
            failures.Add($"Buckets:Server:DataShards {options.DataShards} must be at least 1.");
        }

        if (options.ParityShards < 0 || options.DataShards + options.ParityShards > 64)
        {
            failures.Add($"Buckets:Server:ParityShards {options.ParityShards} must be 0 or more, with DataShards + ParityShards at most 64.");
        }

        if (options.DataDirs.Count != options.DataShards + options.ParityShards)
        {
            failures.Add($"Buckets:Server:DataDirs lists {options.DataDirs.Count} directories but an erasure set of {options.DataShards}+{options.ParityShards} needs {options.DataShards + options.ParityShards}.");
        }

        var full = options.DataDirs.Select(d => Path.GetFullPath(d)).ToArray();
        if (full.Distinct(StringComparer.Ordinal).Count() != full.Length)
        {
            failures.Add("Buckets:Server:DataDirs names the same directory twice.");
        }

        if (options.BlockSize is < 64 * 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"Buckets:Server:BlockSize {options.BlockSize} must be between 65536 and 16777216 bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
