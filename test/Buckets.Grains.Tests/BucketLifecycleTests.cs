using Buckets.Abstractions;
using Xunit;

namespace Buckets.Grains.Tests;

/// <summary>A bucket's life through its grain and the bucket directory.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BucketLifecycleTests(GrainCluster cluster)
{
    private readonly ObjectClient objects = new(cluster.Grains);

    private IBucketGrain Bucket(string name) => cluster.Grains.GetGrain<IBucketGrain>(name);

    [Fact]
    public async Task Creating_a_bucket_twice_answers_already_owned_and_keeps_its_creation_time()
    {
        var name = cluster.NewBucketName("twice");
        var before = DateTimeOffset.UtcNow;

        Assert.Equal(BucketCreateResult.Created, await Bucket(name).Create());
        var created = await Bucket(name).Get();
        Assert.Equal(BucketCreateResult.AlreadyOwned, await Bucket(name).Create());

        Assert.NotNull(created);
        Assert.Equal(name, created.Name);
        Assert.InRange(created.Created, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(created, await Bucket(name).Get());
    }

    [Fact]
    public async Task A_bucket_is_still_there_for_a_fresh_activation_of_its_grain()
    {
        var name = await cluster.NewBucketAsync("persisted");
        var created = await Bucket(name).Get();

        await cluster.DeactivateAsync(Bucket(name));

        Assert.Equal(created, await Bucket(name).Get());
        Assert.Equal(BucketCreateResult.AlreadyOwned, await Bucket(name).Create());
    }

    [Fact]
    public async Task The_bucket_directory_lists_a_created_bucket_with_its_creation_time()
    {
        var name = await cluster.NewBucketAsync("listed");
        var created = await Bucket(name).Get();

        var listed = await cluster.Grains.GetGrain<IBucketDirectoryGrain>(0).List();

        Assert.Contains(created, listed);
        Assert.Equal(listed.Select(b => b.Name).Order(StringComparer.Ordinal), listed.Select(b => b.Name));
    }

    [Fact]
    public async Task Deleting_a_bucket_that_holds_an_object_answers_not_empty_and_keeps_it()
    {
        var name = await cluster.NewBucketAsync("full");
        await objects.PutAsync(name, "k", TestContent.Bytes(10, seed: 1));

        Assert.Equal(BucketDeleteResult.NotEmpty, await Bucket(name).Delete());

        Assert.NotNull(await Bucket(name).Get());
        Assert.Contains(await cluster.Grains.GetGrain<IBucketDirectoryGrain>(0).List(), b => b.Name == name);
        Assert.Equal(TestContent.Bytes(10, seed: 1), (await objects.GetAsync(name, "k"))?.Content);
    }

    [Fact]
    public async Task Deleting_an_empty_bucket_answers_deleted_and_it_leaves_the_directory()
    {
        var name = await cluster.NewBucketAsync("empty");

        Assert.Equal(BucketDeleteResult.Deleted, await Bucket(name).Delete());

        Assert.Null(await Bucket(name).Get());
        Assert.Equal(BucketDeleteResult.NotFound, await Bucket(name).Delete());
        Assert.DoesNotContain(await cluster.Grains.GetGrain<IBucketDirectoryGrain>(0).List(), b => b.Name == name);
        await cluster.DeactivateAsync(Bucket(name));
        Assert.Null(await Bucket(name).Get());
    }

    [Fact]
    public async Task A_bucket_delete_with_two_disks_gone_is_either_refused_or_final_once_they_return()
    {
        var name = await cluster.NewBucketAsync("gone-2");

        BucketDeleteResult? result = null;
        Exception? refused;
        using (cluster.RemoveDisks(0, 3))
        {
            refused = await Record.ExceptionAsync(async () => result = await Bucket(name).Delete());
        }

        await cluster.DeactivateAsync(Bucket(name));
        if (result == BucketDeleteResult.Deleted)
        {
            Assert.Null(await Bucket(name).Get());
            Assert.DoesNotContain(await cluster.Grains.GetGrain<IBucketDirectoryGrain>(0).List(), b => b.Name == name);
        }
        else
        {
            Assert.IsType<StorageUnavailableException>(refused);
            Assert.NotNull(await Bucket(name).Get());
        }
    }

    [Fact]
    public async Task A_bucket_emptied_by_deleting_its_objects_can_be_deleted_and_created_anew()
    {
        var name = await cluster.NewBucketAsync("emptied");
        await objects.PutAsync(name, "big", TestContent.Bytes((2 * GrainCluster.BlockSize) + ObjectClient.DefaultInlineThreshold, seed: 2));
        await objects.PutAsync(name, "small", TestContent.Bytes(20, seed: 3));
        Assert.Equal(BucketDeleteResult.NotEmpty, await Bucket(name).Delete());

        Assert.True((await objects.Registry(name, "big").Delete(null, BucketVersioning.Unversioned)).Found);
        Assert.True((await objects.Registry(name, "small").Delete(null, BucketVersioning.Unversioned)).Found);

        Assert.Equal(BucketDeleteResult.Deleted, await Bucket(name).Delete());
        Assert.Equal(BucketCreateResult.Created, await Bucket(name).Create());
        Assert.Null(await objects.Registry(name, "big").Get(null));
    }
}
