namespace Buckets.Grains;

/// <summary>
/// Runs one call per disk in parallel and waits for all of them, turning failures into outcomes: a dead disk is an
/// answer to count, not an exception that cancels the others.
/// </summary>
internal static class Quorum
{
    public static async Task<Outcome<T>[]> RunAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, Task<T>> call)
    {
        var tasks = new Task<T>[items.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Start(call, items[i]);
        }

        var outcomes = new Outcome<T>[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            try
            {
                outcomes[i] = new Outcome<T>(true, await tasks[i], null);
            }
            catch (Exception exception)
            {
                outcomes[i] = new Outcome<T>(false, default, exception);
            }
        }

        return outcomes;
    }

    public static Task<Outcome<bool>[]> RunAsync<TItem>(IReadOnlyList<TItem> items, Func<TItem, Task> call) =>
        RunAsync(items, async item =>
        {
            await call(item);
            return true;
        });

    public static string Describe<T>(IReadOnlyList<Outcome<T>> outcomes) =>
        string.Join("; ", outcomes
            .Select((o, i) => (o, i))
            .Where(x => !x.o.Succeeded)
            .Select(x => $"disk {x.i}: {x.o.Error?.GetType().Name}: {x.o.Error?.Message}"));

    private static Task<T> Start<TItem, T>(Func<TItem, Task<T>> call, TItem item)
    {
        try
        {
            return call(item);
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }
}
