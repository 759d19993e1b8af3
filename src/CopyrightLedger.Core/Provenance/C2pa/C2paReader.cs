using System.Formats.Cbor;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Provenance.C2pa;

/// <summary>
/// Reads a C2PA manifest store (C2PA Technical Specification 2.x; c2pa-rs <c>claim.rs</c>, <c>assertions/actions.rs</c>,
/// <c>assertions/ingredient.rs</c>; docs/FORMATS.md B4) far enough to say who claims what: the claim generator, title and
/// format, the actions and the ingredients of the active (last) manifest. Signatures and trust are NOT checked:
/// <see cref="C2paInfo.Validation"/> stays "not validated". A damaged store still yields a result with
/// <see cref="C2paInfo.Error"/> set; only data that is not JUMBF at all is a <see cref="MetadataFormatException"/>.
/// </summary>
public static class C2paReader
{
    /// <summary>C2PA's CBOR is shallow; CborReader itself refuses anything past 64 levels.</summary>
    public const int MaxCborDepth = 32;
    public const int MaxCborItems = 100_000;

    public static C2paInfo Read(byte[] jumbf)
    {
        if (!JumbfBox.StartsWithSuperBox(jumbf)) throw new MetadataFormatException("C2PA: not JUMBF data (it does not start with a 'jumb' superbox)");
        JumbfBox store;
        try { store = JumbfBox.Parse(jumbf); }
        catch (C2paStructureException e) { return new C2paInfo { Error = e.Message }; }
        if (store.Label != "c2pa") return new C2paInfo { Error = $"the JUMBF superbox is labelled '{store.Label}', not 'c2pa'" };
        var manifests = store.Children.Where(c => c.IsSuperBox && c.Label is not null).ToList();
        if (manifests.Count == 0) return new C2paInfo { Error = "the store holds no manifest" };
        var errors = new List<string>();
        var info = ReadManifest(manifests[^1], errors) with { ManifestCount = manifests.Count };
        return info with { Error = errors.Count == 0 ? null : string.Join("; ", errors) };
    }

    private static C2paInfo ReadManifest(JumbfBox manifest, List<string> errors)
    {
        var claimBox = manifest.Child("c2pa.claim.v2") ?? manifest.Child("c2pa.claim");
        var claim = claimBox is null ? null : ReadCborMap(claimBox, manifest.Label!, errors);
        if (claimBox is null) errors.Add($"manifest '{manifest.Label}' has no claim");
        var actions = new List<C2paAction>();
        var ingredients = new List<C2paIngredient>();
        foreach (var assertion in manifest.Child("c2pa.assertions")?.Children.Where(c => c.IsSuperBox) ?? [])
        {
            var kind = BaseLabel(assertion.Label);
            if (kind is "c2pa.actions" or "c2pa.actions.v2" && ReadCborMap(assertion, manifest.Label!, errors) is { } a)
                actions.AddRange(ReadActions(a));
            else if (kind.StartsWith("c2pa.ingredient", StringComparison.Ordinal) && ReadCborMap(assertion, manifest.Label!, errors) is { } i)
                ingredients.Add(new C2paIngredient(Text(i, "dc:title") ?? Text(i, "title"), Text(i, "relationship"), Text(i, "dc:format") ?? Text(i, "format")));
        }
        return new C2paInfo
        {
            ClaimGenerator = claim is null ? null : ClaimGenerator(claim),
            Title = claim is null ? null : Text(claim, "dc:title") ?? Text(claim, "title"),
            Format = claim is null ? null : Text(claim, "dc:format") ?? Text(claim, "format"),
            Actions = actions,
            Ingredients = ingredients,
        };
    }

    /// <summary>An assertion label without the <c>__N</c> suffix C2PA adds to repeated labels (<c>c2pa.ingredient__1</c>).</summary>
    private static string BaseLabel(string? label)
    {
        var suffix = label?.IndexOf("__", StringComparison.Ordinal) ?? -1;
        return suffix < 0 ? label ?? "" : label![..suffix];
    }

    /// <summary><c>claim_generator_info</c> (a list in claim v1, one map in v2) as "name version", else v1's <c>claim_generator</c>.</summary>
    private static string? ClaimGenerator(Dictionary<string, object?> claim)
    {
        var info = claim.GetValueOrDefault("claim_generator_info") switch
        {
            List<object?> list => list.OfType<Dictionary<string, object?>>().FirstOrDefault(),
            Dictionary<string, object?> map => map,
            _ => null,
        };
        return (info is null ? null : NameAndVersion(info)) ?? Text(claim, "claim_generator");
    }

    private static IEnumerable<C2paAction> ReadActions(Dictionary<string, object?> assertion)
    {
        if (assertion.GetValueOrDefault("actions") is not List<object?> list) yield break;
        foreach (var action in list.OfType<Dictionary<string, object?>>())
        {
            var agent = action.GetValueOrDefault("softwareAgent") switch
            {
                string text => text, // actions v1
                Dictionary<string, object?> map => NameAndVersion(map), // actions v2: claim_generator_info
                _ => null,
            };
            // Photoshop states the source type of its generative edits in parameters (docs/FORMATS.md B4).
            var sourceType = Text(action, "digitalSourceType")
                ?? (action.GetValueOrDefault("parameters") is Dictionary<string, object?> p ? Text(p, "com.adobe.digitalSourceType") : null);
            yield return new C2paAction(Text(action, "action") ?? "", Text(action, "when"), agent,
                DigitalSourceTypes.Normalize(sourceType), Text(action, "description"));
        }
    }

    private static string? NameAndVersion(Dictionary<string, object?> map) =>
        Text(map, "name") is not { } name ? null : Text(map, "version") is { } version ? $"{name} {version}" : name;

    private static string? Text(Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key) as string;

    /// <summary>The CBOR content of a labelled superbox as a map; null (with an error noted) when it cannot be read.</summary>
    private static Dictionary<string, object?>? ReadCborMap(JumbfBox box, string manifest, List<string> errors)
    {
        if (box.ContentBox("cbor") is not { } cbor) return null; // JSON and other encodings carry nothing read here
        try
        {
            var items = 0;
            var reader = new CborReader(cbor.Content, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
            if (ReadValue(reader, 0, ref items) is Dictionary<string, object?> map) return map;
            errors.Add($"'{box.Label}' in manifest '{manifest}' is not a CBOR map");
            return null;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or C2paStructureException)
        {
            errors.Add($"'{box.Label}' in manifest '{manifest}': {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// One CBOR data item as a tree: maps (text keys only) become dictionaries, arrays lists, text strings strings,
    /// booleans bools; tags are looked through; anything else is skipped and read as null.
    /// </summary>
    private static object? ReadValue(CborReader reader, int depth, ref int items)
    {
        if (depth > MaxCborDepth) throw new C2paStructureException($"CBOR nested deeper than {MaxCborDepth} levels");
        if (++items > MaxCborItems) throw new C2paStructureException($"CBOR holds more than {MaxCborItems} items");
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                return ReadMap(reader, depth, ref items);
            case CborReaderState.StartArray:
                var list = new List<object?>();
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray) list.Add(ReadValue(reader, depth + 1, ref items));
                reader.ReadEndArray();
                return list;
            case CborReaderState.Tag:
                reader.ReadTag();
                return ReadValue(reader, depth + 1, ref items);
            case CborReaderState.TextString:
                return reader.ReadTextString();
            case CborReaderState.Boolean:
                return reader.ReadBoolean();
            default:
                reader.SkipValue();
                return null;
        }
    }

    private static Dictionary<string, object?> ReadMap(CborReader reader, int depth, ref int items)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var key = ReadValue(reader, depth + 1, ref items) as string;
            var value = ReadValue(reader, depth + 1, ref items);
            if (key is not null) map.TryAdd(key, value);
        }
        reader.ReadEndMap();
        return map;
    }
}
