using System.Text.Json;
using PaySessions.Pos.Tests.Support;
using Xunit.Sdk;

namespace PaySessions.Pos.Tests.Reference;

/// <summary>The replay tests lean on this check; it must fail on what a reference's client would trip on.</summary>
public sealed class DocumentedFieldsTests
{
    private static readonly JsonElement Answer = JsonDocument.Parse("""
        { "sessionID": "009a3809-7328-4b6c-873b-089eff019f98", "merchantID": "m_1", "amount": "0.01", "status": 0.5, "keys": {}, "extra": true }
        """).RootElement;

    [Fact]
    public void every_missing_or_mistyped_field_is_named_in_one_failure()
    {
        var failure = Assert.Throws<TrueException>(() => DocumentedFields.AssertHas(Answer, "GET /session",
            ("sessionID", Documented.Uuid), ("merchantID", Documented.Uuid), ("amount", Documented.Number), ("status", Documented.Integer),
            ("keys", Documented.Array), ("qrData", Documented.String)));

        Assert.Contains("\"merchantID\" is \"m_1\", not uuid", failure.Message);
        Assert.Contains("\"amount\" is \"0.01\", not number", failure.Message);
        Assert.Contains("\"status\" is 0.5, not integer", failure.Message);
        Assert.Contains("\"keys\" is {}, not array", failure.Message);
        Assert.Contains("no \"qrData\"", failure.Message);
        Assert.DoesNotContain("sessionID", failure.Message.Split('\n')[0]);
    }

    [Fact]
    public void fields_beyond_the_documented_ones_are_allowed() =>
        DocumentedFields.AssertHas(Answer, "GET /session", ("sessionID", Documented.Uuid), ("keys", Documented.Object));
}
