using System.Net;
using Buckets.Gateway.S3;
using Buckets.Grains;
using Buckets.Grains.Multipart;
using Buckets.Server;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Configuration;
using Orleans.Dashboard;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(CommandLine.Usage);
    return args.Length == 0 ? 1 : 0;
}

if (args[0] != "server")
{
    Console.Error.WriteLine($"buckets: unknown command '{args[0]}'.\n\n{CommandLine.Usage}");
    return 2;
}

WebApplication app;
try
{
    app = BuildServer(args[1..]);
}
catch (Exception error) when (error is OptionsValidationException or InvalidOperationException or ArgumentException or
                                  Buckets.Storage.DiskFormatException or IOException or UnauthorizedAccessException)
{
    // A bad setting or disk stops the server with one line that says what to fix.
    var message = error is OptionsValidationException validation ? string.Join(" ", validation.Failures) : error.Message;
    Console.Error.WriteLine($"buckets: {message}");
    return 2;
}

try
{
    await app.RunAsync();
}
catch (IOException error) when (error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) ||
                                 error.InnerException is System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"buckets: {error.Message} (another server, or another program, holds the port: see --port, --admin-port, --silo-port, --gateway-port).");
    return 2;
}

return 0;

static WebApplication BuildServer(string[] args)
{
    // Every metric stream preallocates room for this many tag combinations (OpenTelemetry's default is 2,000, for
    // each of the ~100 instruments Orleans, ASP.NET Core and the runtime publish). None of ours comes near it.
    const int MetricCardinalityLimit = 200;

    // The flags are parsed below, not by the host. The one host argument turns off reloading appsettings.json on
    // change: that watches the content root recursively, and the content root holds ./data by default, so every
    // directory an object write creates would get an inotify watch and every file write an event to process.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
        ContentRootPath = Directory.GetCurrentDirectory(),
    });
    builder.Configuration.AddInMemoryCollection(CommandLine.Parse(args, out var configFile));
    if (configFile is not null)
    {
        builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        builder.Configuration.AddInMemoryCollection(CommandLine.Parse(args, out _));
    }

    var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
    if (options.DataDirs.Count == 0)
    {
        options.DataDirs = [.. ServerOptions.DefaultDataDirs];
    }

    var validation = new ServerOptionsValidator().Validate(null, options);
    if (validation.Failed)
    {
        throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), validation.Failures);
    }

    var credentials = RootCredentials.Resolve(
        builder.Configuration[RootCredentials.UserVariable], builder.Configuration[RootCredentials.PasswordVariable], options.Address);
    var listen = options.Address == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Address);
    var (disks, proposal) = DiskBootstrap.Open(options, $"{IPAddress.Loopback}:{options.SiloPort}");

    // Per-request framework logs drown the server's own; configuration (Logging:LogLevel:...) can bring them back.
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Logging.AddFilter("Orleans", LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.Orleans", LogLevel.Warning);
    builder.Logging.AddFilter("Polly", LogLevel.Warning);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(proposal);
    builder.Services.AddSingleton<Readiness>();
    builder.Services.AddHostedService<TopologyBootstrapper>();
    builder.Services.AddOptions<MultipartOptions>()
        .Bind(builder.Configuration.GetSection(MultipartOptions.Section))
        .Validate(
            m => m.AbandonedUploadAge > TimeSpan.Zero && m.CleanupInterval > TimeSpan.Zero,
            $"{MultipartOptions.Section}: AbandonedUploadAge and CleanupInterval must be positive durations, e.g. \"7.00:00:00\".")
        .ValidateOnStart();
    builder.Services.AddS3Gateway(builder.Configuration, credentials.AccessKey, credentials.SecretKey);
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(resource => resource.AddService("buckets"))
        .WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName, Buckets.Storage.StorageMetrics.MeterName, "Microsoft.Orleans")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MetricCardinalityLimit })
            .AddPrometheusExporter());

    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        // Object size is enforced per request by the gateway (5 GiB for a single PUT), not by a global cap.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.AddServerHeader = false;
        kestrel.Listen(listen, options.Port);
        kestrel.Listen(listen, options.AdminPort);
    });

    builder.UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = "buckets";
        });
        silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = TimeSpan.FromMinutes(5));
        silo.AddBucketsGrains(disks);
        silo.AddDashboard();
    });

    var app = builder.Build();
    var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Buckets.Server");
    if (credentials.IsDevelopmentDefault)
    {
        ServerLog.DevelopmentCredentials(log, credentials.AccessKey, credentials.SecretKey);
    }

    ServerLog.Listening(log, options.Address, options.Port, $"http://{options.Address}:{options.AdminPort}/dashboard", string.Join(", ", disks.Disks.Select(d => d.Root)));

    var admin = $"*:{options.AdminPort}";
    app.UseS3Gateway(options.Port);
    app.MapLazyOrleansDashboard(options.AdminPort, "/dashboard");
    app.MapPrometheusScrapingEndpoint("/metrics").RequireHost(admin);
    app.MapGet("/health/live", () => Results.Text("live")).RequireHost(admin);
    app.MapGet("/health/ready", (Readiness readiness) => readiness.IsReady
        ? Results.Text("ready")
        : Results.Text("not ready: " + readiness.Problem, statusCode: StatusCodes.Status503ServiceUnavailable)).RequireHost(admin);
    app.Lifetime.ApplicationStopped.Register(disks.Dispose);
    return app;
}
