using System.Security.Cryptography;
using CopyrightLedger.Web.Storage;

namespace CopyrightLedger.Web.Tests;

public sealed class BlobStoreTests
{
    [Fact]
    public async Task A_blob_is_stored_under_its_sha256_with_the_exact_bytes()
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir.Path);
        var bytes = RandomNumberGenerator.GetBytes(200_000);

        var stored = await store.PutAsync(new MemoryStream(bytes));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256.Value);
        Assert.Equal(bytes.Length, stored.Size);
        Assert.True(stored.WasNew);
        var path = store.PathOf(stored.Sha256);
        Assert.EndsWith(Path.Combine(stored.Sha256.Value[..2], stored.Sha256.Value[2..4], stored.Sha256.Value), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.True(File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly));
    }

    [Fact]
    public async Task The_same_bytes_twice_are_kept_once()
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir.Path);
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var first = await store.PutAsync(new MemoryStream(bytes));
        var second = await store.PutAsync(new MemoryStream(bytes));
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.False(second.WasNew);
        Assert.Single(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Identical_bytes_stored_at_the_same_moment_all_succeed_as_one_blob()
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir.Path);
        for (var round = 0; round < 40; round++)
        {
            var same = RandomNumberGenerator.GetBytes(2_000);
            using var start = new Barrier(8);
            var puts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await store.PutAsync(new MemoryStream(same));
            })).ToArray();
            var results = await Task.WhenAll(puts);
            Assert.Single(results.Select(r => r.Sha256).Distinct());
            Assert.Equal(same, await File.ReadAllBytesAsync(store.PathOf(results[0].Sha256)));
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir.Path, "tmp")));
    }

    [Fact]
    public async Task A_broken_upload_leaves_no_file_behind()
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir.Path);
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new BreaksAfter(300_000)));
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Progress_reports_every_byte_received()
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir.Path);
        var seen = new List<long>();
        await store.PutAsync(new MemoryStream(new byte[150_000]), new SyncProgress(seen.Add));
        Assert.Equal(150_000, seen[^1]);
        Assert.True(seen.Count >= 2);
    }

    [Fact]
    public async Task Partial_files_of_a_killed_writer_are_swept()
    {
        using var dir = new TempDir();
        var store = new BlobStore(dir.Path);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "tmp", "dead.part"), "half");
        Assert.Equal(1, store.SweepTemporaryFiles());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir.Path, "tmp")));
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>A stream that delivers some bytes, then fails like a dropped connection.</summary>
    private sealed class BreaksAfter(long limit) : Stream
    {
        private long _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= limit) throw new IOException("connection lost");
            var n = (int)Math.Min(count, limit - _position + 1);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
