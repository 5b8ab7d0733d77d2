using System.Net;

namespace Buckets.Server;

/// <summary>
/// The root access key and secret, from <c>BUCKETS_ROOT_USER</c> / <c>BUCKETS_ROOT_PASSWORD</c>. A server that
/// only listens on loopback may start without them on documented development credentials; one that listens
/// anywhere else refuses to.
/// </summary>
public sealed record RootCredentials(string AccessKey, string SecretKey, bool IsDevelopmentDefault)
{
    public const string UserVariable = "BUCKETS_ROOT_USER";
    public const string PasswordVariable = "BUCKETS_ROOT_PASSWORD";
    public const string DevelopmentUser = "bucketsadmin";
    public const string DevelopmentPassword = "bucketsadmin-dev-only";

    public static RootCredentials Resolve(string? user, string? password, string listenAddress)
    {
        var hasUser = !string.IsNullOrEmpty(user);
        var hasPassword = !string.IsNullOrEmpty(password);
        if (hasUser && hasPassword)
        {
            if (user!.Length < 3 || password!.Length < 8)
            {
                throw new InvalidOperationException($"{UserVariable} must be at least 3 characters and {PasswordVariable} at least 8.");
            }

            return new RootCredentials(user, password, false);
        }

        if (hasUser != hasPassword)
        {
            throw new InvalidOperationException($"Set both {UserVariable} and {PasswordVariable}, or neither.");
        }

        if (!IsLoopback(listenAddress))
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {listenAddress} without credentials: set {UserVariable} and {PasswordVariable}.");
        }

        return new RootCredentials(DevelopmentUser, DevelopmentPassword, true);
    }

    private static bool IsLoopback(string address) =>
        address == "localhost" || (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip));
}
