namespace Buckets.Server.Tests;

/// <summary>The server process ended before it reported ready.</summary>
public sealed class ServerExitedException(string message) : Exception(message);
