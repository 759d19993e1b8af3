using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CopyrightLedger.Web.Storage;

/// <summary>
/// The data directory is for its owner alone (docs/SECURITY.md, "Content: no script from a note"): folders 0700,
/// the database and keys 0600, blobs 0400 (read-only, as the store keeps them). A folder found with looser modes
/// is tightened at start. Only the group and other bits are taken away; the owner's bits stay as they were.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
                                        | UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;

    /// <summary>Creates the folder (and any missing parent) 0700, or takes group and other access from an existing one.</summary>
    public static string CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(path).FullName;
        // CreateDirectory gives the mode to the last folder only; the missing parents it makes get the umask's.
        var missing = new List<string>();
        for (var d = Path.GetFullPath(path); d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing.Add(d);
        var folder = Directory.CreateDirectory(path, Folder);
        foreach (var made in missing) Tighten(made);
        Tighten(folder.FullName);
        return folder.FullName;
    }

    /// <summary>Options for a new file that is the owner's alone from the moment it exists.</summary>
    public static FileStreamOptions NewFile(FileStreamOptions options)
    {
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = File;
        return options;
    }

    /// <summary>
    /// The data directory made owner-only at start, everything in it included. The database file is created empty
    /// (a valid empty SQLite file) 0600 before SQLite opens it, since SQLite gives -wal and -shm the mode of the database.
    /// </summary>
    public static void PrepareDataDirectory(LedgerOptions options)
    {
        CreateFolder(options.FullDataDirectory);
        if (OperatingSystem.IsWindows()) return;
        if (!System.IO.File.Exists(options.DatabasePath))
            new FileStream(options.DatabasePath, NewFile(new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write })).Dispose();
        foreach (var entry in new DirectoryInfo(options.FullDataDirectory).EnumerateFileSystemInfos("*",
                     new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true }))
            Tighten(entry.FullName);
    }

    private static void Tighten(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = System.IO.File.GetUnixFileMode(path);
        if ((mode & Others) != 0) System.IO.File.SetUnixFileMode(path, mode & ~Others);
    }

    /// <summary>The cookie and antiforgery key ring, each new key file owner-only as it is written.</summary>
    public sealed class XmlRepository(DirectoryInfo folder) : FileSystemXmlRepository(folder, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
    {
        public override void StoreElement(XElement element, string friendlyName)
        {
            CreateFolder(Directory.FullName);
            base.StoreElement(element, friendlyName);
            foreach (var file in Directory.EnumerateFiles()) Tighten(file.FullName);
        }
    }
}
