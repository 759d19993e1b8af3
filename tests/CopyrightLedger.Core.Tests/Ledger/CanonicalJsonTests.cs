using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;

namespace CopyrightLedger.Core.Tests.Ledger;

/// <summary>The examples of RFC 8785 (JSON Canonicalization Scheme) and its number table.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void The_rfc_8785_sample_canonicalizes_as_the_rfc_shows()
    {
        var input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        Assert.Equal("""{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""",
            CanonicalJson.Serialize(JsonNode.Parse(input)));
    }

    [Fact]
    public void Members_are_sorted_by_utf16_code_units()
    {
        var input = """{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}""";
        var canonical = CanonicalJson.Serialize(JsonNode.Parse(input));
        var order = JsonNode.Parse(canonical)!.AsObject().Select(kv => kv.Value!.GetValue<string>()).ToList();
        Assert.Equal(["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"], order);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Numbers_are_written_as_ecmascript_writes_them(double value, string expected) =>
        Assert.Equal(expected, CanonicalJson.Number(value));

    [Fact]
    public void Negative_zero_is_zero() => Assert.Equal("0", CanonicalJson.Number(-0.0));

    [Fact]
    public void Values_built_in_code_and_values_parsed_from_text_give_the_same_bytes()
    {
        var built = new JsonObject { ["b"] = 7.5, ["a"] = "春风\u0001", ["c"] = new JsonArray(1, true, null) };
        var parsed = JsonNode.Parse("""{ "c": [1, true, null], "a": "春风\u0001", "b": 7.50 }""");
        Assert.Equal(CanonicalJson.Serialize(parsed), CanonicalJson.Serialize(built));
        Assert.Equal("""{"a":"春风\u0001","b":7.5,"c":[1,true,null]}""", CanonicalJson.Serialize(built));
    }
}
