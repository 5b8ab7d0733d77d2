using Orleans.Dashboard;

namespace Buckets.Server;

/// <summary>
/// Serves the Orleans Dashboard from a pipeline built on its first request. Mapping it builds its asset store at
/// once (every embedded file read and gzipped in memory: ~75 MB allocated at start and ~25 MB kept), for a page
/// that most servers never show.
/// </summary>
internal static class LazyDashboard
{
    // ASP.NET Core's key for the application's own endpoint routes: without it, UseRouting gives the branch routes
    // of its own instead of adding the dashboard's to the application's, which are already built.
    private const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    public static void MapLazyOrleansDashboard(this WebApplication app, int port, string routePrefix)
    {
        var pipeline = new Lazy<RequestDelegate>(() =>
        {
            var branch = ((IApplicationBuilder)app).New();
            branch.Properties.Remove(GlobalEndpointRouteBuilderKey);
            branch.UseRouting();
            branch.UseEndpoints(endpoints => endpoints.MapOrleansDashboard(routePrefix: routePrefix));
            return branch.Build();
        });

        app.MapWhen(
            http => http.Connection.LocalPort == port && http.Request.Path.StartsWithSegments(routePrefix),
            branch => branch.Run(http => pipeline.Value(http)));
    }
}
