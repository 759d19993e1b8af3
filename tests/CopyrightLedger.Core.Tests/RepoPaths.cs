namespace CopyrightLedger.Core.Tests;

/// <summary>Finds the repository (the folder holding CopyrightLedger.sln) from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Samples => Path.Combine(Root, "samples");
    public static string Profiles => Path.Combine(Root, "profiles");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CopyrightLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException("CopyrightLedger.sln not found above " + AppContext.BaseDirectory);
    }

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ledger-core-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
