using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;

namespace CopyrightLedger.Core.Tests.Ledger;

public sealed class EventChainTests
{
    private static List<ChainLink> Chain(int n)
    {
        var links = new List<ChainLink>();
        var prev = EventChain.Genesis;
        for (var seq = 1; seq <= n; seq++)
        {
            var json = CanonicalJson.Serialize(new JsonObject { ["v"] = 1, ["seq"] = seq, ["prev"] = prev, ["action"] = $"step {seq}" });
            var hash = EventChain.Hash(json);
            links.Add(new ChainLink(seq, json, hash));
            prev = hash;
        }
        return links;
    }

    [Fact]
    public void An_intact_chain_has_no_problems() => Assert.Empty(EventChain.Verify(Chain(5)));

    [Fact]
    public void A_changed_event_breaks_its_own_hash_and_the_next_link()
    {
        var links = Chain(5);
        links[2] = links[2] with { Json = links[2].Json.Replace("step 3", "step X") };
        var problems = EventChain.Verify(links);
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("event 3: its JSON hashes to", problems[0]);
        Assert.StartsWith("event 4: prev is", problems[1]);
    }

    [Fact]
    public void A_removed_or_reordered_event_is_found()
    {
        var links = Chain(5);
        links.RemoveAt(1);
        Assert.Contains(EventChain.Verify(links), p => p.StartsWith("event 3: expected sequence 2", StringComparison.Ordinal));
        var swapped = Chain(3);
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        Assert.NotEmpty(EventChain.Verify(swapped));
    }

    [Fact]
    public void A_rehashed_forgery_still_fails_at_the_next_link()
    {
        // Someone edits event 2 and stores its new hash too: event 3 still points at the old one.
        var links = Chain(3);
        var forged = links[1].Json.Replace("step 2", "step Y");
        links[1] = links[1] with { Json = forged, Hash = EventChain.Hash(forged) };
        var problem = Assert.Single(EventChain.Verify(links));
        Assert.StartsWith("event 3: prev is", problem);
    }

    [Fact]
    public void Json_that_is_not_canonical_is_named()
    {
        var json = """{"v":1, "seq":1,"prev":"0000000000000000000000000000000000000000000000000000000000000000"}""";
        var problem = Assert.Single(EventChain.Verify([new ChainLink(1, json, EventChain.Hash(json))]));
        Assert.Contains("not in canonical form", problem);
    }
}
