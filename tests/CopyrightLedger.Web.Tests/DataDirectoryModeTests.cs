using CopyrightLedger.Web.Storage;

namespace CopyrightLedger.Web.Tests;

/// <summary>The data directory, the database, the keys and the blobs are the owner's alone, also when found looser.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryModeTests
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task A_new_installation_is_readable_by_its_owner_only()
    {
        using var parent = new TempDir();
        var data = Path.Combine(parent.Path, "data");
        using (var app = new LedgerFactory(seedSamples: false, dataDirectory: data))
        {
            using var client = await app.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
            var blobs = app.Service<BlobStore>();
            await blobs.PutAsync(new MemoryStream("a blob"u8.ToArray()));
            await client.GetAsync("/cases");
            AssertOwnerOnly(data);
        }
        Assert.Equal(OwnerOnly.Folder, File.GetUnixFileMode(data));
        Assert.Equal(OwnerOnly.File, File.GetUnixFileMode(Path.Combine(data, "ledger.db")));
        Assert.Equal(OwnerOnly.File, File.GetUnixFileMode(Path.Combine(data, "keys", "ledger-signing.pem")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "blobs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_database_journal_files_are_owner_only_while_the_app_runs()
    {
        using var parent = new TempDir();
        var data = Path.Combine(parent.Path, "data");
        using var app = new LedgerFactory(seedSamples: false, dataDirectory: data);
        using var client = await app.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
        var wal = Path.Combine(data, "ledger.db-wal");
        Assert.True(File.Exists(wal), "the database runs in WAL mode");
        Assert.Equal(OwnerOnly.File, File.GetUnixFileMode(wal));
        Assert.Equal(OwnerOnly.File, File.GetUnixFileMode(Path.Combine(data, "ledger.db-shm")));
    }

    [Fact]
    public async Task A_data_directory_found_with_loose_modes_is_tightened_at_start()
    {
        using var parent = new TempDir();
        var data = Path.Combine(parent.Path, "data");
        using (var first = new LedgerFactory(seedSamples: false, dataDirectory: data))
        {
            await first.Service<BlobStore>().PutAsync(new MemoryStream("a blob"u8.ToArray()));
            using var client = await first.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
        }
        const UnixFileMode loose = (UnixFileMode)0b111_111_111; // 0777, as an unpacked archive or a careless chmod -R leaves it
        foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories).Append(data))
            File.SetUnixFileMode(entry, loose);
        var before = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        using (var second = new LedgerFactory(seedSamples: false, dataDirectory: data))
        {
            using var client = await second.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
            AssertOwnerOnly(data);
        }
        foreach (var (file, bytes) in before.Where(f => Path.GetDirectoryName(f.Key)!.Contains("blobs", StringComparison.Ordinal)))
            Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    private static void AssertOwnerOnly(string data)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories).Append(data))
            Assert.True((File.GetUnixFileMode(entry) & GroupOrOther) == 0, $"{entry} is {File.GetUnixFileMode(entry)}");
    }
}
