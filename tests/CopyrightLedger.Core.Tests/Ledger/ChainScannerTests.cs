using System.Text;
using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;

namespace CopyrightLedger.Core.Tests.Ledger;

public sealed class ChainScannerTests
{
    private static List<string> Chain(int n)
    {
        var lines = new List<string>();
        var prev = EventChain.Genesis;
        for (var seq = 1; seq <= n; seq++)
        {
            var json = CanonicalJson.Serialize(new JsonObject
            {
                ["v"] = 1, ["seq"] = seq, ["prev"] = prev, ["action"] = "step", ["chain"] = "c",
                ["rows"] = new JsonArray(new JsonObject { ["table"] = "Notes", ["values"] = new JsonObject { ["Sequence"] = seq * 7 } }),
            });
            lines.Add(json);
            prev = EventChain.Hash(json);
        }
        return lines;
    }

    private static ChainScanner.Result Scan(IEnumerable<string> lines) => ChainScanner.Scan(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));

    [Fact]
    public void An_intact_chain_scans_clean_and_agrees_with_the_full_check()
    {
        var lines = Chain(10_000);
        var result = Scan(lines);
        Assert.Empty(result.Problems);
        Assert.Equal(10_000, result.Events);
        Assert.Equal(EventChain.Hash(lines[^1]), result.LastHash);
        Assert.Empty(EventChain.Verify(lines.Select((l, i) => new ChainLink(i + 1, l, EventChain.Hash(l)))));
    }

    [Fact]
    public void A_changed_removed_or_swapped_line_is_found()
    {
        var lines = Chain(50);
        var changed = lines.ToList();
        changed[20] = changed[20].Replace("step", "stop");
        Assert.Equal(["event 22: prev does not match the hash of event 21"], Scan(changed).Problems);

        var removed = lines.ToList();
        removed.RemoveAt(30);
        Assert.Contains("event 31: prev does not match the hash of event 30", Scan(removed).Problems);
        Assert.Contains("event 31: expected sequence 31", Scan(removed).Problems);

        var swapped = lines.ToList();
        (swapped[3], swapped[4]) = (swapped[4], swapped[3]);
        Assert.NotEmpty(Scan(swapped).Problems);
    }
}
