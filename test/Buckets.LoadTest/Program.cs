using Buckets.LoadTest;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"buckets-loadtest: {error.Message}\n\n{LoadOptions.Usage}");
    return 2;
}

if (options.Mode is "list" or "multipart" or "complete" or "copy")
{
    using var requests = new RawS3Requests(options);
    Console.WriteLine(await new ApiBenchmarks(options, requests).RunAsync(CancellationToken.None));
    return 0;
}

using IObjectClient client = options.Client == "sdk" ? new SdkClient(options) : new RawSigV4Client(options);
var result = await new LoadRunner(options, client).RunAsync(CancellationToken.None);
Console.WriteLine(result);
if (options.ServerPid is { } pid)
{
    Console.WriteLine($"  server {ServerMemory.Describe(pid)}");
}

return result.Errors == 0 ? 0 : 1;
