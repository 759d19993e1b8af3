using CopyrightLedger.Core.Ledger;

namespace CopyrightLedger.Core.Tests.Ledger;

/// <summary>RFC 6962/9162 Merkle trees, against the reference vectors of Certificate Transparency.</summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Inputs =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [.. Enumerable.Range(0x50, 8).Select(b => (byte)b)], [.. Enumerable.Range(0x60, 16).Select(b => (byte)b)],
    ];

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Roots_match_the_reference_vectors()
    {
        var leaves = Inputs.Select(i => MerkleTree.LeafHash(i)).ToList();
        for (var n = 1; n <= 8; n++) Assert.Equal(Roots[n - 1], Convert.ToHexStringLower(MerkleTree.Root(leaves.Take(n).ToList())));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root([])));
    }

    [Fact]
    // The size is bound to the root by the signed checkpoint, not by the proof, so only the leaf is varied here.
    public void Every_leaf_of_every_tree_up_to_40_has_a_proof_that_verifies_and_only_for_itself()
    {
        var leaves = Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();
        for (var size = 1; size <= leaves.Count; size++)
        {
            var tree = leaves.Take(size).ToList();
            var root = MerkleTree.Root(tree);
            for (var i = 0; i < size; i++)
            {
                var path = MerkleTree.InclusionProof(tree, i);
                Assert.True(MerkleTree.VerifyInclusion(tree[i], i, size, path, root), $"leaf {i} of {size}");
                Assert.False(MerkleTree.VerifyInclusion(tree[(i + 1) % size], i, size, path, root) && size > 1, $"wrong leaf accepted at {i} of {size}");
            }
        }
    }

    [Fact]
    public void A_changed_path_element_or_root_is_refused()
    {
        var leaves = Enumerable.Range(0, 7).Select(i => MerkleTree.LeafHash([(byte)i])).ToList();
        var root = MerkleTree.Root(leaves);
        var path = MerkleTree.InclusionProof(leaves, 5).Select(p => (byte[])p.Clone()).ToList();
        Assert.True(MerkleTree.VerifyInclusion(leaves[5], 5, 7, path, root));
        path[1][0] ^= 1;
        Assert.False(MerkleTree.VerifyInclusion(leaves[5], 5, 7, path, root));
        Assert.False(MerkleTree.VerifyInclusion(leaves[5], 5, 7, MerkleTree.InclusionProof(leaves, 5), new byte[32]));
        Assert.False(MerkleTree.VerifyInclusion(leaves[5], 7, 7, MerkleTree.InclusionProof(leaves, 5), root));
    }
    // Certificate Transparency's consistency vectors over the same eight inputs (old size, new size, proof).
    public static TheoryData<int, int, string[]> ConsistencyVectors => new()
    {
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_proofs_match_the_reference_vectors_and_verify(int oldSize, int newSize, string[] expected)
    {
        var leaves = Inputs.Select(i => MerkleTree.LeafHash(i)).Take(newSize).ToList();
        var proof = MerkleTree.ConsistencyProof(leaves, oldSize);
        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        Assert.True(MerkleTree.VerifyConsistency(oldSize, newSize, MerkleTree.Root(leaves.Take(oldSize).ToList()), MerkleTree.Root(leaves), proof));
    }

    [Fact]
    public void Every_prefix_of_every_tree_up_to_40_is_proven_consistent_and_a_rewritten_or_cut_tree_is_not()
    {
        var leaves = Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();
        for (var n = 1; n <= leaves.Count; n++)
        {
            var tree = leaves.Take(n).ToList();
            var root = MerkleTree.Root(tree);
            for (var m = 1; m <= n; m++)
            {
                var oldRoot = MerkleTree.Root(tree.Take(m).ToList());
                var proof = MerkleTree.ConsistencyProof(tree, m);
                Assert.True(MerkleTree.VerifyConsistency(m, n, oldRoot, root, proof), $"{m} of {n}");
                // The earlier tree with one leaf rewritten: the same proof must not tie it to the new root.
                var forged = tree.Take(m).ToList();
                forged[m / 2] = MerkleTree.LeafHash([0xff, (byte)m]);
                Assert.False(MerkleTree.VerifyConsistency(m, n, MerkleTree.Root(forged), root, proof), $"rewritten leaf accepted at {m} of {n}");
                if (m < n) Assert.False(MerkleTree.VerifyConsistency(m + 1, n, oldRoot, root, proof), $"wrong size accepted at {m} of {n}");
                if (proof.Count > 0)
                {
                    var bent = proof.Select(p => (byte[])p.Clone()).ToList();
                    bent[^1][5] ^= 1;
                    Assert.False(MerkleTree.VerifyConsistency(m, n, oldRoot, root, bent), $"changed proof accepted at {m} of {n}");
                }
            }
        }
        Assert.False(MerkleTree.VerifyConsistency(5, 4, new byte[32], new byte[32], []));
    }
    [Fact]
    public void Prefix_roots_in_one_pass_equal_the_roots_of_each_prefix()
    {
        var leaves = Enumerable.Range(0, 70).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();
        var roots = MerkleTree.PrefixRoots(leaves, Enumerable.Range(0, 75).Select(i => (long)i));
        Assert.Equal(70, roots.Count);
        for (var n = 1; n <= 70; n++) Assert.Equal(MerkleTree.Root(leaves.Take(n).ToList()), roots[n]);
    }
}
