namespace Buckets.Server;

/// <summary>
/// <c>buckets server</c> flags, turned into configuration keys so that flags, environment variables
/// (<c>Buckets__Server__Port</c>) and a JSON file (<c>--config</c>) all set the same options.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: buckets server [options]

          --address IP          S3 listen address (default 127.0.0.1; anything else needs credentials)
          --port N              S3 port (default 9000)
          --admin-port N        dashboard, /metrics and /health port (default 9001)
          --silo-port N         Orleans silo port (default 11111)
          --gateway-port N      Orleans client gateway port (default 30000)
          --data D1,D2,...      disk directories of the erasure set, in order (default ./data/disk1..disk4)
          --data-shards K       data shards per block (default 2)
          --parity-shards M     parity shards per block (default 2)
          --config FILE         JSON settings file (see silo-config/single-node.json); flags override it

        Credentials: BUCKETS_ROOT_USER and BUCKETS_ROOT_PASSWORD (environment).
        """;

    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["--address"] = "Address",
        ["--port"] = "Port",
        ["--admin-port"] = "AdminPort",
        ["--silo-port"] = "SiloPort",
        ["--gateway-port"] = "GatewayPort",
        ["--data-shards"] = "DataShards",
        ["--parity-shards"] = "ParityShards",
        ["--block-size"] = "BlockSize",
    };

    public static Dictionary<string, string?> Parse(string[] args, out string? configFile)
    {
        configFile = null;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{flag} needs a value.\n\n{Usage}");
            }

            var value = args[++i];
            if (flag == "--config")
            {
                configFile = value;
            }
            else if (flag == "--data")
            {
                var dirs = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var d = 0; d < dirs.Length; d++)
                {
                    settings[$"{ServerOptions.Section}:DataDirs:{d}"] = dirs[d];
                }
            }
            else if (Flags.TryGetValue(flag, out var key))
            {
                settings[$"{ServerOptions.Section}:{key}"] = value;
            }
            else
            {
                throw new ArgumentException($"Unknown option {flag}.\n\n{Usage}");
            }
        }

        return settings;
    }
}
