using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Web.Features.Import;

namespace CopyrightLedger.Web.Tests;

/// <summary><c>ledger inspect</c>'s exit code: 0 when every file was read whole, 2 when any is damaged (docs/IMPORTERS.md).</summary>
public sealed class InspectCommandTests
{
    [Fact]
    public async Task Inspect_exits_2_for_each_kind_of_damage_and_0_for_a_whole_file()
    {
        using var dir = new TempDir();
        string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(dir.Path, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }
        var whole = Path.Combine(Repo.Samples, "li-v-liu", "images", "01-a.png");
        Assert.Equal(0, await InspectCommand.RunAsync(["--json", whole]));
        var damaged = new[]
        {
            Write("empty.png", []),
            Write("page.png", "<html></html>"u8.ToArray()),
            Write("deep.png", PngEncoder.Encode(2, 2, new byte[12], [("invokeai_metadata", new string('[', 100) + new string(']', 100))])),
        };
        foreach (var file in damaged) Assert.Equal(2, await InspectCommand.RunAsync(["--json", file]));
    }
}
