using Buckets.Gateway.Auth;
using Buckets.Gateway.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Buckets.Gateway.S3;

public static class S3GatewayExtensions
{
    /// <summary>Registers the S3 gateway: options (validated at startup), signature checking with the root credentials, metrics.</summary>
    public static IServiceCollection AddS3Gateway(this IServiceCollection services, IConfiguration configuration, string accessKey, string secretKey)
    {
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<ICredentialStore>(new InMemoryCredentialStore(accessKey, secretKey));
        services.AddSingleton(sp => new SigV4Authenticator(
            sp.GetRequiredService<ICredentialStore>(), sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Region));
        services.AddSingleton(sp => new S3Authentication(sp.GetRequiredService<SigV4Authenticator>(), accessKey));

        // Kestrel's transport takes its pools from the container: the last registration is the one it gets.
        services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        return services;
    }

    /// <summary>Serves S3 on the connections that arrive at <paramref name="port"/>.</summary>
    public static IApplicationBuilder UseS3Gateway(this IApplicationBuilder app, int port) =>
        app.MapWhen(http => http.Connection.LocalPort == port, branch => branch.UseMiddleware<S3Middleware>());
}
