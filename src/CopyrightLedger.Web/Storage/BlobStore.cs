using System.Security.Cryptography;
using CopyrightLedger.Core.Hashing;

namespace CopyrightLedger.Web.Storage;

/// <summary>
/// Content-addressed file store: each blob is kept once under its SHA-256, bytes exactly as received.
/// A write goes to a temporary file, is flushed to disk, then renamed into place, so a crash or a broken
/// upload never leaves a partial file under a hash name.
/// </summary>
public sealed class BlobStore
{
    private readonly string _root;

    public BlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        OwnerOnly.CreateFolder(Path.Combine(_root, "tmp"));
    }

    public string Root => _root;

    public sealed record StoredBlob(Sha256Hex Sha256, long Size, bool WasNew);

    /// <summary>Copies the stream into the store; <paramref name="progress"/> receives the bytes copied so far.</summary>
    public async Task<StoredBlob> PutAsync(Stream content, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var temp = Path.Combine(_root, "tmp", $"{Guid.NewGuid():N}.part");
        try
        {
            Sha256Hex hash;
            long size = 0;
            string final;
            await using (var file = new FileStream(temp, OwnerOnly.NewFile(new FileStreamOptions
                         { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous })))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                    progress?.Report(size);
                }
                await file.FlushAsync(ct);
                hash = Sha256Hex.FromDigest(sha.GetHashAndReset());
                final = PathOf(hash);
                // Bytes the store already holds need no second copy on disk, so no flush either.
                if (!File.Exists(final)) file.Flush(flushToDisk: true);
            }

            if (File.Exists(final))
            {
                File.Delete(temp);
                return new StoredBlob(hash, size, WasNew: false);
            }
            OwnerOnly.CreateFolder(Path.GetDirectoryName(final)!);
            try { File.Move(temp, final, overwrite: false); }
            catch (IOException) when (File.Exists(final))
            {
                // The same bytes stored at the same moment by another upload: its file is this blob (same hash).
                File.Delete(temp);
                return new StoredBlob(hash, size, WasNew: false);
            }
            File.SetAttributes(final, FileAttributes.ReadOnly);
            return new StoredBlob(hash, size, WasNew: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public bool Exists(Sha256Hex hash) => File.Exists(PathOf(hash));

    public Stream OpenRead(Sha256Hex hash) =>
        new FileStream(PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);

    /// <summary><c>root/ab/cd/abcd…</c>: two fan-out levels keep directories small.</summary>
    public string PathOf(Sha256Hex hash) => Path.Combine(_root, hash.Value[..2], hash.Value[2..4], hash.Value);

    /// <summary>Removes temp files left by an interrupted write (called at start).</summary>
    public int SweepTemporaryFiles()
    {
        var n = 0;
        foreach (var f in Directory.EnumerateFiles(Path.Combine(_root, "tmp"), "*.part"))
            if (TryDelete(f)) n++;
        return n;
    }

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (IOException) { return false; }
    }
}
