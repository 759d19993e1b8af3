using System.Security.Cryptography;

namespace CopyrightLedger.Core.Ledger;

/// <summary>
/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0, as RFC 6962 before it): a leaf hashes to
/// SHA-256(0x00 ‖ data), an inner node to SHA-256(0x01 ‖ left ‖ right), and a tree of n leaves splits at the largest
/// power of two below n. An inclusion proof shows that one leaf is in a tree of a given size and root without
/// revealing the other leaves, which is how one event of a case can be shown to a court on its own.
/// </summary>
public static class MerkleTree
{
    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        Span<byte> buffer = stackalloc byte[1 + data.Length <= 1024 ? 1 + data.Length : 0];
        if (buffer.Length == 0) return SHA256.HashData([0x00, .. data]);
        buffer[0] = 0x00;
        data.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[65];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[33..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The root over <paramref name="leafHashes"/> (already leaf-hashed); SHA-256 of nothing for an empty tree.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes) =>
        leafHashes.Count == 0 ? SHA256.HashData([]) : Subtree(leafHashes, 0, leafHashes.Count);

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1) return leaves[start];
        var k = SplitPoint(count);
        return NodeHash(Subtree(leaves, start, k), Subtree(leaves, start + k, count - k));
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2).</summary>
    private static int SplitPoint(int n)
    {
        var k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of all <paramref name="leafHashes"/> (RFC 9162 2.1.3.1).</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, int index)
    {
        if (index < 0 || index >= leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(index));
        var path = new List<byte[]>();
        int start = 0, count = leafHashes.Count, m = index;
        var stack = new Stack<byte[]>();
        while (count > 1)
        {
            var k = SplitPoint(count);
            if (m < k)
            {
                stack.Push(Subtree(leafHashes, start + k, count - k));
                count = k;
            }
            else
            {
                stack.Push(Subtree(leafHashes, start, k));
                start += k;
                m -= k;
                count -= k;
            }
        }
        // The path lists siblings from the leaf upwards; the walk above found them from the root down.
        while (stack.Count > 0) path.Add(stack.Pop());
        return path;
    }

    /// <summary>Checks an inclusion proof (RFC 9162 2.1.3.2): true when the leaf, index, size and path give the root.</summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long treeSize, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= treeSize) return false;
        long fn = index, sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (p.Length != 32 || sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }
    /// <summary>
    /// The consistency proof (RFC 9162 2.1.4.1) that the tree of the first <paramref name="oldSize"/> leaves is a
    /// prefix of the tree of all <paramref name="leafHashes"/>: what shows a court that a later copy of a chain extends
    /// an earlier one rather than rewriting or cutting it back.
    /// </summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, int oldSize)
    {
        if (oldSize < 1 || oldSize > leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(oldSize));
        var proof = new List<byte[]>();
        SubProof(leafHashes, oldSize, 0, leafHashes.Count, isWholeOldTree: true, proof);
        return proof;
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int count, bool isWholeOldTree, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!isWholeOldTree) proof.Add(Subtree(leaves, start, count));
            return;
        }
        var k = SplitPoint(count);
        if (m <= k)
        {
            SubProof(leaves, m, start, k, isWholeOldTree, proof);
            proof.Add(Subtree(leaves, start + k, count - k));
        }
        else
        {
            SubProof(leaves, m - k, start + k, count - k, isWholeOldTree: false, proof);
            proof.Add(Subtree(leaves, start, k));
        }
    }

    /// <summary>
    /// Checks a consistency proof (RFC 9162 2.1.4.2): true when <paramref name="oldRoot"/> over <paramref name="oldSize"/>
    /// leaves and <paramref name="newRoot"/> over <paramref name="newSize"/> leaves are trees of which the first is a prefix.
    /// </summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        if (oldSize < 1 || oldSize > newSize) return false;
        if (oldSize == newSize) return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        if (proof.Count == 0 || proof.Any(p => p.Length != 32)) return false;
        var path = (oldSize & (oldSize - 1)) == 0 ? [oldRoot.ToArray(), .. proof] : proof.ToList();
        long fn = oldSize - 1, sn = newSize - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else sr = NodeHash(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }
    /// <summary>
    /// The roots of several prefixes of one tree in a single pass over its leaves (O(n + k log n) rather than a whole
    /// tree per prefix): the root of a prefix folds its perfect subtrees, largest first, from the right.
    /// </summary>
    public static IReadOnlyDictionary<long, byte[]> PrefixRoots(IReadOnlyList<byte[]> leafHashes, IEnumerable<long> sizes)
    {
        var wanted = new HashSet<long>(sizes.Where(s => s >= 1 && s <= leafHashes.Count));
        var roots = new Dictionary<long, byte[]>();
        var stack = new List<(byte[] Hash, long Leaves)>();
        for (var i = 0; i < leafHashes.Count && roots.Count < wanted.Count; i++)
        {
            stack.Add((leafHashes[i], 1));
            while (stack.Count > 1 && stack[^1].Leaves == stack[^2].Leaves)
            {
                var (right, left) = (stack[^1], stack[^2]);
                stack.RemoveRange(stack.Count - 2, 2);
                stack.Add((NodeHash(left.Hash, right.Hash), left.Leaves * 2));
            }
            if (!wanted.Contains(i + 1)) continue;
            var root = stack[^1].Hash;
            for (var j = stack.Count - 2; j >= 0; j--) root = NodeHash(stack[j].Hash, root);
            roots[i + 1] = root;
        }
        return roots;
    }
}
