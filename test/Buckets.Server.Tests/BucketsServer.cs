using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// The real <c>buckets server</c>, started as a child process (<c>dotnet buckets.dll server ...</c>) on free loopback
/// ports with four fresh disk directories and explicit root credentials; its output is kept for failure reports,
/// and it is killed when the collection ends.
/// </summary>
public sealed class BucketsServer : IAsyncLifetime
{
    public const string AccessKey = "e2e-root";
    public const string SecretKey = "e2e-root-secret-0123456789";
    public const string Region = "us-east-1";
    public const int DiskCount = 4;

    private const int StartAttempts = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly OutputBuffer output = new();
    private Process? process;
    private AmazonS3Client? client;

    public BucketsServer()
    {
        Root = Path.Combine(Path.GetTempPath(), "buckets-server-tests-" + Guid.NewGuid().ToString("N")[..12]);
        DataRoot = Path.Combine(Root, "data");
        DataDirs = [.. Enumerable.Range(1, DiskCount).Select(i => Path.Combine(DataRoot, "disk" + i))];
        WorkDir = Path.Combine(Root, "work");
    }

    /// <summary>The scratch directory of this run: the disks under <see cref="DataRoot"/>, the server's working directory beside them.</summary>
    public string Root { get; }

    public string DataRoot { get; }

    public IReadOnlyList<string> DataDirs { get; }

    /// <summary>The server's current directory: nothing should ever be written here.</summary>
    public string WorkDir { get; }

    public int Port { get; private set; }

    public int AdminPort { get; private set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public int ProcessId => process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>A client with the SDK's defaults (aws-chunked with a CRC32 trailer for PutObject), retries off.</summary>
    public AmazonS3Client Client => client ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>A plain client for unsigned and hand-signed requests: no redirects, no decompression, no cookies.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    public SigV4Signer Signer { get; } = new(AccessKey, SecretKey, Region);

    /// <summary>Whether the process has died on its own.</summary>
    public bool HasExited => process is { HasExited: true };

    public AmazonS3Client CreateClient(string accessKey = AccessKey, string secretKey = SecretKey, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = Region,

            // A retry would hide a 5xx the test should see.
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromMinutes(5),
        };
        configure?.Invoke(config);
        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
    }

    /// <summary>The last lines the server printed, with its exit status if it has died.</summary>
    public string LogTail(int lines = 200)
    {
        var status = process is { HasExited: true } p ? $"(server exited with code {p.ExitCode})\n" : string.Empty;
        return $"--- buckets server output (last {lines} lines) ---\n{status}{output.Tail(lines)}\n--- end of server output ---";
    }

    /// <summary>A line of /proc/&lt;pid&gt;/status in KiB (VmHWM: peak resident set, VmRSS: resident now).</summary>
    public long ProcStatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var value = line[(field.Length + 1)..].Trim();
                return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{ProcessId}/status has no {field}.");
    }

    public async ValueTask InitializeAsync()
    {
        // Free ports are only free when chosen: another process may take one before the server binds it. Then the
        // server dies at once, and a second try on fresh ports and fresh disks (they record the silo endpoint) helps.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                break;
            }
            catch (ServerExitedException) when (attempt < StartAttempts && output.ToString().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                output.Append("test", $"start attempt {attempt}: a port was taken, trying again on other ports");
                process?.Dispose();
                process = null;
            }
        }

        client = CreateClient();
    }

    /// <summary>
    /// Sends SIGTERM, as a service manager stops the server, and waits up to <paramref name="timeout"/> for the
    /// process to exit: its exit code, or null when it is still running.
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        var running = process ?? throw new InvalidOperationException("The server is not running.");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await running.WaitForExitAsync(wait.Token);
            return running.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        Http.Dispose();
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }

            process.Dispose();
        }

        // The whole output of the last run, for reading after the fact (failures also get its tail in their own output).
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "buckets-server-e2e.log"), output.ToString());

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task StartAsync()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        foreach (var dir in DataDirs.Append(WorkDir))
        {
            Directory.CreateDirectory(dir);
        }

        var ports = FreePorts.Take(4);
        Port = ports[0];
        AdminPort = ports[1];
        var dll = Path.Combine(AppContext.BaseDirectory, "buckets.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = WorkDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[dll, "server", "--port", Port.ToString(CultureInfo.InvariantCulture),
                     "--admin-port", AdminPort.ToString(CultureInfo.InvariantCulture),
                     "--silo-port", ports[2].ToString(CultureInfo.InvariantCulture),
                     "--gateway-port", ports[3].ToString(CultureInfo.InvariantCulture),
                     "--data", string.Join(',', DataDirs)])
        {
            start.ArgumentList.Add(argument);
        }

        // Only what this fixture sets may configure the server: no settings leak in from the test runner's environment.
        foreach (var name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("Buckets__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("BUCKETS_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || name.Equals("DOTNET_URLS", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["BUCKETS_ROOT_USER"] = AccessKey;
        start.Environment["BUCKETS_ROOT_PASSWORD"] = SecretKey;

        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => output.Append("err", e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet buckets.dll did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = new Uri($"http://127.0.0.1:{AdminPort}/health/ready");
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < StartTimeout)
        {
            if (process!.HasExited)
            {
                await process.WaitForExitAsync();
                throw new ServerExitedException($"buckets server exited with code {process.ExitCode} before it was ready.\n{LogTail()}");
            }

            try
            {
                using var response = await probe.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException error)
            {
                last = error.Message;
            }
            catch (TaskCanceledException error)
            {
                last = error.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"buckets server was not ready after {StartTimeout.TotalSeconds} s (last: {last}).\n{LogTail()}");
    }
}
