namespace CopyrightLedger.Core.Tests.Fixtures;

public static partial class MetadataFixtures
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "fixtures", "metadata");

    /// <summary>Every fixture, in name order.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> All() =>
        PngFixtures().Concat(ContainerFixtures()).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

    /// <summary>Writes the fixtures into the repository: <c>LEDGER_WRITE_FIXTURES=1 dotnet test --filter MetadataFixtureTests</c>.</summary>
    public static void WriteAll()
    {
        Directory.CreateDirectory(Folder);
        foreach (var (name, bytes) in All()) File.WriteAllBytes(Path.Combine(Folder, name), bytes);
    }
}
