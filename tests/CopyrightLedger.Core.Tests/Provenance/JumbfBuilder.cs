using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Text;

namespace CopyrightLedger.Core.Tests.Provenance;

/// <summary>
/// Builds small C2PA manifest stores for tests: JUMBF boxes (ISO/IEC 19566-5) holding CBOR written with CborWriter.
/// The description-box type UUIDs are those of c2pa-rs <c>sdk/src/jumbf/boxes.rs</c>; the reader under test finds
/// boxes by label and does not depend on them.
/// </summary>
internal static class JumbfBuilder
{
    public static readonly byte[] StoreUuid = Convert.FromHexString("6332706100110010800000AA00389B71"); // "c2pa"
    public static readonly byte[] ManifestUuid = Convert.FromHexString("63326D6100110010800000AA00389B71"); // "c2ma"
    public static readonly byte[] AssertionStoreUuid = Convert.FromHexString("6332617300110010800000AA00389B71"); // "c2as"
    public static readonly byte[] ClaimUuid = Convert.FromHexString("6332636C00110010800000AA00389B71"); // "c2cl"
    public static readonly byte[] SignatureUuid = Convert.FromHexString("6332637300110010800000AA00389B71"); // "c2cs"
    public static readonly byte[] CborUuid = Convert.FromHexString("63626F7200110010800000AA00389B71"); // "cbor"

    public const string TrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    /// <summary>A store shaped like a GPT-4o image from ChatGPT (docs/FORMATS.md B4): created + converted, one manifest without ingredients.</summary>
    public static byte[] ChatGptStore() => Store(ChatGptManifest("urn:uuid:2c0f6a4e-5c7b-4a57-9d1e-0b6a3c1d9e01"));

    public static byte[] ChatGptManifest(string label) => Manifest(label, "c2pa.claim",
        Cbor(new (string, object)[]
        {
            ("claim_generator", "ChatGPT"),
            ("claim_generator_info", new object[] { new (string, object)[] { ("name", "ChatGPT") } }),
            ("dc:title", "image.png"),
            ("dc:format", "image/png"),
            ("instanceID", "xmp:iid:9a6b1b52-0f0e-4a8e-8c9e-3d4f1f2a7b10"),
            ("signature", "self#jumbf=c2pa.signature"),
            ("assertions", new object[] { new (string, object)[] { ("url", "self#jumbf=c2pa.assertions/c2pa.actions"), ("hash", new byte[32]) } }),
            ("alg", "sha256"),
        }),
        CborAssertion("c2pa.actions", Cbor(new (string, object)[]
        {
            ("actions", new object[]
            {
                new (string, object)[] { ("action", "c2pa.created"), ("digitalSourceType", TrainedAlgorithmicMedia), ("softwareAgent", "GPT-4o") },
                new (string, object)[] { ("action", "c2pa.converted") },
            }),
        })));

    public static byte[] Store(params byte[][] manifests) => SuperBox(StoreUuid, "c2pa", manifests);

    /// <summary>A manifest: its assertion store, the claim (CBOR) under <paramref name="claimLabel"/>, and a dummy signature.</summary>
    public static byte[] Manifest(string label, string claimLabel, byte[] claimCbor, params byte[][] assertions) =>
        SuperBox(ManifestUuid, label,
            SuperBox(AssertionStoreUuid, "c2pa.assertions", assertions),
            SuperBox(ClaimUuid, claimLabel, Box("cbor", claimCbor)),
            SuperBox(SignatureUuid, "c2pa.signature", Box("cbor", [0xD2, 0x84, 0x40, 0xA0, 0xF6, 0x40]))); // an empty COSE_Sign1

    public static byte[] CborAssertion(string label, byte[] cbor) => SuperBox(CborUuid, label, Box("cbor", cbor));

    public static byte[] SuperBox(byte[] typeUuid, string label, params byte[][] children) =>
        Box("jumb", [Box("jumd", [.. typeUuid, 0x03, .. Encoding.UTF8.GetBytes(label), 0]), .. children]);

    public static byte[] Box(string type, params byte[][] parts)
    {
        var payload = parts.SelectMany(p => p).ToArray();
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        payload.CopyTo(box, 8);
        return box;
    }

    /// <summary>Encodes strings, longs, byte arrays, arrays (<c>object[]</c>) and maps (<c>(string, object)[]</c>).</summary>
    public static byte[] Cbor(object value)
    {
        var writer = new CborWriter();
        Write(writer, value);
        return writer.Encode();
    }

    private static void Write(CborWriter w, object value)
    {
        switch (value)
        {
            case string s: w.WriteTextString(s); break;
            case long n: w.WriteInt64(n); break;
            case int n: w.WriteInt32(n); break;
            case byte[] b: w.WriteByteString(b); break;
            case (string, object)[] map:
                w.WriteStartMap(map.Length);
                foreach (var (k, v) in map) { w.WriteTextString(k); Write(w, v); }
                w.WriteEndMap();
                break;
            case object[] array:
                w.WriteStartArray(array.Length);
                foreach (var item in array) Write(w, item);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"cannot encode {value.GetType()}");
        }
    }
}
