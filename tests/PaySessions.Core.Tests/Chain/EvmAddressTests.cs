using PaySessions.Core.Chain;

namespace PaySessions.Core.Tests.Chain;

/// <summary>EIP-55 checksummed addresses, checked against the examples EIP-55 itself lists.</summary>
public sealed class EvmAddressTests
{
    /// <summary>The EIP's own test cases: all caps, all lower, and normal mixed case; each is its own checksummed form.</summary>
    public static readonly TheoryData<string> EipVectors =
    [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    [Theory]
    [MemberData(nameof(EipVectors))]
    public void the_checksummed_form_of_each_eip_example_is_the_example(string vector) =>
        Assert.Equal(vector, EvmAddress.ToChecksum(vector.ToLowerInvariant()));

    [Theory]
    [MemberData(nameof(EipVectors))]
    [InlineData("0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174")]
    [InlineData("0xc2132D05D31c914a87C6611C10748AEb04B58e8F")]
    [InlineData("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")]
    public void a_correctly_checksummed_address_is_accepted_and_stored_lowercase(string address)
    {
        Assert.Equal(AddressProblem.None, EvmAddress.Check(address, out var parsed));
        Assert.Equal(address.ToLowerInvariant(), parsed);
    }

    [Theory]
    [MemberData(nameof(EipVectors))]
    public void every_single_letter_typed_in_the_wrong_case_is_caught(string vector)
    {
        for (var i = 2; i < vector.Length; i++)
        {
            if (!char.IsAsciiLetter(vector[i]))
            {
                continue;
            }

            var chars = vector.ToCharArray();
            chars[i] = char.IsAsciiLetterUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
            var typo = new string(chars);
            var digits = typo[2..];
            var singleCase = digits == digits.ToLowerInvariant() || digits == digits.ToUpperInvariant();

            // Flipping a letter of an all-caps or all-lower example leaves a mixed case that no longer matches.
            Assert.Equal(singleCase ? AddressProblem.None : AddressProblem.BadChecksum, EvmAddress.Check(typo, out var parsed));
            Assert.Equal(singleCase, parsed is not null);
            Assert.Equal(singleCase, EvmAddress.TryParse(typo, out _));
        }
    }

    [Fact]
    public void all_lowercase_and_all_uppercase_carry_no_checksum_and_are_accepted()
    {
        const string lower = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
        Assert.True(EvmAddress.TryParse(lower, out var fromLower));
        Assert.True(EvmAddress.TryParse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", out var fromUpper));
        Assert.Equal(lower, fromLower);
        Assert.Equal(lower, fromUpper);
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", EvmAddress.ToChecksum(fromUpper));
    }

    [Theory]
    [InlineData(null, AddressProblem.Missing)]
    [InlineData("", AddressProblem.Missing)]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", AddressProblem.Malformed)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", AddressProblem.Malformed)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedd", AddressProblem.Malformed)]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", AddressProblem.Malformed)]
    [InlineData(" 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", AddressProblem.Malformed)]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", AddressProblem.BadChecksum)]
    public void malformed_or_mistyped_addresses_are_refused_with_what_is_wrong(string? text, AddressProblem problem)
    {
        Assert.Equal(problem, EvmAddress.Check(text, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void formatting_refuses_what_is_not_an_address() =>
        Assert.Throws<ArgumentException>(() => EvmAddress.ToChecksum("0xnot-an-address-at-all-but-42-characters"));
}
