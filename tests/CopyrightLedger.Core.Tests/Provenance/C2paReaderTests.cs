using System.Buffers.Binary;
using CopyrightLedger.Core.Metadata;
using CopyrightLedger.Core.Provenance.C2pa;
using static CopyrightLedger.Core.Tests.Provenance.JumbfBuilder;

namespace CopyrightLedger.Core.Tests.Provenance;

public sealed class C2paReaderTests
{
    [Fact]
    public void A_ChatGpt_store_gives_generator_actions_and_source_type()
    {
        var info = C2paReader.Read(ChatGptStore());
        Assert.True(info.Present);
        Assert.Null(info.Error);
        Assert.Equal(("ChatGPT", "image.png", "image/png", 1), (info.ClaimGenerator, info.Title, info.Format, info.ManifestCount));
        Assert.Equal("not validated", info.Validation);
        Assert.Equal(
            [new C2paAction("c2pa.created", null, "GPT-4o", "trainedAlgorithmicMedia", null), new C2paAction("c2pa.converted", null, null, null, null)],
            info.Actions);
        Assert.Empty(info.Ingredients);
    }

    [Fact]
    public void The_active_manifest_is_the_last_one_and_all_are_counted()
    {
        var dalle = Manifest("urn:uuid:00000000-0000-0000-0000-000000000001", "c2pa.claim",
            Cbor(new (string, object)[] { ("claim_generator", "DALL·E c2pa-rs/0.28"), ("dc:format", "image/webp") }),
            CborAssertion("c2pa.actions", Cbor(new (string, object)[] { ("actions", new object[] { new (string, object)[] { ("action", "c2pa.created") } }) })));
        var info = C2paReader.Read(Store(dalle, ChatGptManifest("urn:uuid:00000000-0000-0000-0000-000000000002")));
        Assert.Equal(2, info.ManifestCount);
        Assert.Equal("ChatGPT", info.ClaimGenerator);
        Assert.Equal(["c2pa.created", "c2pa.converted"], info.Actions.Select(a => a.Action));
    }

    [Fact]
    public void Claim_v2_actions_v2_and_ingredients_are_read()
    {
        var claim = Cbor(new (string, object)[]
        {
            ("claim_generator_info", new (string, object)[] { ("name", "Adobe Firefly"), ("version", "3.1.0") }),
            ("dc:title", "Generated image"),
        });
        var actions = Cbor(new (string, object)[]
        {
            ("actions", new object[]
            {
                new (string, object)[]
                {
                    ("action", "c2pa.created"), ("when", "2025-01-10T09:30:00Z"),
                    ("softwareAgent", new (string, object)[] { ("name", "Adobe Firefly"), ("version", "3.1.0") }),
                    ("digitalSourceType", "https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia/"),
                    ("description", "Generative fill"),
                },
                new (string, object)[]
                {
                    ("action", "c2pa.opened"),
                    ("parameters", new (string, object)[] { ("com.adobe.digitalSourceType", TrainedAlgorithmicMedia), ("com.adobe.details", "imagen-3.0-generate-002") }),
                },
            }),
        });
        var ingredient = Cbor(new (string, object)[] { ("dc:title", "photo.jpg"), ("relationship", "parentOf"), ("dc:format", "image/jpeg") });
        var ingredient2 = Cbor(new (string, object)[] { ("title", "overlay.png"), ("relationship", "componentOf"), ("format", "image/png") });
        var info = C2paReader.Read(Store(Manifest("urn:c2pa:firefly", "c2pa.claim.v2", claim,
            CborAssertion("c2pa.actions.v2", actions), CborAssertion("c2pa.ingredient.v3", ingredient), CborAssertion("c2pa.ingredient.v3__1", ingredient2))));

        Assert.Null(info.Error);
        Assert.Equal(("Adobe Firefly 3.1.0", "Generated image", null), (info.ClaimGenerator, info.Title, info.Format));
        Assert.Equal(
            [
                new C2paAction("c2pa.created", "2025-01-10T09:30:00Z", "Adobe Firefly 3.1.0", "compositeWithTrainedAlgorithmicMedia", "Generative fill"),
                new C2paAction("c2pa.opened", null, null, "trainedAlgorithmicMedia", null),
            ],
            info.Actions);
        Assert.Equal([new C2paIngredient("photo.jpg", "parentOf", "image/jpeg"), new C2paIngredient("overlay.png", "componentOf", "image/png")], info.Ingredients);
    }

    [Fact]
    public void Unknown_cbor_shapes_are_skipped()
    {
        var actions = Cbor(new (string, object)[] { ("actions", new object[] { "not a map", 7L, new (string, object)[] { ("action", "c2pa.edited"), ("softwareAgent", 12L) } }) });
        var claim = Cbor(new (string, object)[] { ("claim_generator", 5L), ("claim_generator_info", "odd") });
        var info = C2paReader.Read(Store(Manifest("urn:uuid:x", "c2pa.claim", claim, CborAssertion("c2pa.actions", actions))));
        Assert.Null(info.Error);
        Assert.Null(info.ClaimGenerator);
        Assert.Equal([new C2paAction("c2pa.edited", null, null, null, null)], info.Actions);
    }

    [Fact]
    public void Cbor_nested_ten_thousand_deep_is_an_error_not_a_crash()
    {
        var deep = Enumerable.Repeat((byte)0x81, 10_000).Append((byte)0x00).ToArray(); // [[[...[0]...]]]
        var info = C2paReader.Read(Store(Manifest("urn:uuid:a", "c2pa.claim",
            Cbor(new (string, object)[] { ("claim_generator", "ChatGPT") }), CborAssertion("c2pa.actions", deep))));
        Assert.True(info.Present);
        Assert.Equal("ChatGPT", info.ClaimGenerator);
        Assert.Empty(info.Actions);
        Assert.Equal("'c2pa.actions' in manifest 'urn:uuid:a': CBOR nested deeper than 32 levels", info.Error);
    }

    [Fact]
    public void A_box_length_past_the_end_is_reported_with_the_store_kept_present()
    {
        byte[] data = [0x7F, 0xFF, 0xFF, 0xFF, .. "jumb"u8, .. new byte[32]];
        var info = C2paReader.Read(data);
        Assert.True(info.Present);
        Assert.Equal("JUMBF box 'jumb' declares 2147483647 bytes but only 40 remain", info.Error);
        Assert.Equal(0, info.ManifestCount);
    }

    [Fact]
    public void An_inner_box_length_past_its_superbox_is_reported()
    {
        var store = ChatGptStore();
        const int manifestAt = 8 + 8 + 16 + 1 + 5; // store header, then its description box: header, UUID, toggles, "c2pa\0"
        store[manifestAt] = 0x7F;
        var declared = BinaryPrimitives.ReadUInt32BigEndian(store.AsSpan(manifestAt));
        var info = C2paReader.Read(store);
        Assert.Equal($"JUMBF box 'jumb' declares {declared} bytes but only {store.Length - manifestAt} remain", info.Error);
        Assert.Null(info.ClaimGenerator);
    }

    [Fact]
    public void Superboxes_nested_past_the_depth_limit_are_refused()
    {
        var box = SuperBox(CborUuid, "leaf");
        for (var i = 0; i < 40; i++) box = SuperBox(CborUuid, "level" + i, box);
        Assert.Equal("JUMBF superboxes are nested deeper than 32 levels", C2paReader.Read(box).Error);
    }

    [Fact]
    public void A_store_with_another_label_or_no_manifest_has_an_error()
    {
        Assert.Equal("the JUMBF superbox is labelled 'jpeg-xt', not 'c2pa'", C2paReader.Read(SuperBox(StoreUuid, "jpeg-xt")).Error);
        Assert.Equal("the store holds no manifest", C2paReader.Read(Store()).Error);
        var noClaim = SuperBox(StoreUuid, "c2pa", SuperBox(ManifestUuid, "urn:uuid:b", SuperBox(AssertionStoreUuid, "c2pa.assertions")));
        var info = C2paReader.Read(noClaim);
        Assert.Equal(("manifest 'urn:uuid:b' has no claim", 1), (info.Error, info.ManifestCount));
    }

    [Fact]
    public void Data_that_is_not_jumbf_at_all_is_refused()
    {
        var e = Assert.Throws<MetadataFormatException>(() => C2paReader.Read("{\"not\":\"jumbf\"}"u8.ToArray()));
        Assert.Equal("C2PA: not JUMBF data (it does not start with a 'jumb' superbox)", e.Message);
        Assert.Throws<MetadataFormatException>(() => C2paReader.Read([]));
    }
}
