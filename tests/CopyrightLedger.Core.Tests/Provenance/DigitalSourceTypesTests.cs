using CopyrightLedger.Core.Provenance;

namespace CopyrightLedger.Core.Tests.Provenance;

public sealed class DigitalSourceTypesTests
{
    [Theory]
    [InlineData("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "trainedAlgorithmicMedia")]
    [InlineData("https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia/", "trainedAlgorithmicMedia")]
    [InlineData("  compositeWithTrainedAlgorithmicMedia ", "compositeWithTrainedAlgorithmicMedia")]
    [InlineData("http://cv.iptc.org/newscodes/digitalsourcetype/DIGITALCAPTURE", "digitalCapture")]
    [InlineData("http://c2pa.org/digitalsourcetype/empty", "empty")]
    [InlineData("http://example.com/vocab/somethingNew", "somethingNew")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("/", null)]
    [InlineData(null, null)]
    public void Normalize_keeps_the_last_path_segment(string? value, string? expected) =>
        Assert.Equal(expected, DigitalSourceTypes.Normalize(value));

    [Theory]
    [InlineData("digitalCapture", "Capture")]
    [InlineData("virtualRecording", "Capture")]
    [InlineData("humanEdits", "Edits")]
    [InlineData("compositeWithTrainedAlgorithmicMedia", "Edits")]
    [InlineData("trainedAlgorithmicMedia", "Creation")]
    [InlineData("algorithmicMedia", "Creation")]
    [InlineData("compositeSynthetic", "Composites")]
    [InlineData("softwareImage", "Deprecated")]
    [InlineData("http://cv.iptc.org/newscodes/digitalsourcetype/dataDrivenMedia", "Creation")]
    [InlineData("empty", null)]
    [InlineData("somethingNew", null)]
    public void Describe_gives_the_group(string value, string? group) => Assert.Equal(group, DigitalSourceTypes.Describe(value));
}
