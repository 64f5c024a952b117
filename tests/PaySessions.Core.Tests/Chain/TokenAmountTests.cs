using System.Numerics;
using PaySessions.Core.Chain;

namespace PaySessions.Core.Tests.Chain;

public class TokenAmountTests
{
    [Theory]
    [InlineData("12.34", 6, "12340000")]
    [InlineData("0.000001", 6, "1")]
    [InlineData("5", 18, "5000000000000000000")]
    [InlineData("12.3400", 6, "12340000")]
    public void parses_exact_decimal_strings_into_base_units(string text, int decimals, string expected)
    {
        Assert.True(TokenAmount.TryParse(text, decimals, out var units));
        Assert.Equal(BigInteger.Parse(expected), units);
    }

    [Theory]
    [InlineData("0.0000001")]
    [InlineData("-1")]
    [InlineData("1e6")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData("")]
    [InlineData("1,5")]
    public void refuses_amounts_a_token_cannot_express(string text) =>
        Assert.False(TokenAmount.TryParse(text, 6, out _));

    [Fact]
    public void fiat_conversion_rounds_up_so_the_payer_never_pays_less()
    {
        Assert.Equal(new BigInteger(11_428_572), TokenAmount.ToBaseUnitsCeiling(11.4285714285m, 6));
        Assert.Equal(new BigInteger(12_340_000), TokenAmount.ToBaseUnitsCeiling(12.34m, 6));
    }

    [Theory]
    [InlineData("12340017", 6, "12.340017")]
    [InlineData("12000000", 6, "12")]
    [InlineData("1", 6, "0.000001")]
    [InlineData("1500000000000000000", 18, "1.5")]
    public void formats_base_units_exactly_without_trailing_zeros(string units, int decimals, string expected) =>
        Assert.Equal(expected, TokenAmount.Format(BigInteger.Parse(units), decimals));

    [Fact]
    public void eip681_uri_names_token_chain_recipient_and_base_units()
    {
        var uri = Eip681.TokenTransfer("0xtoken", 137, "0xrecipient", new BigInteger(12_340_017));
        Assert.Equal("ethereum:0xtoken@137/transfer?address=0xrecipient&uint256=12340017", uri);
    }

    [Theory]
    [InlineData("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", true)]
    [InlineData("0x70997970c51812dc3a010c7d01b50e0d17dc79c", false)]
    [InlineData("70997970c51812dc3a010c7d01b50e0d17dc79c8aa", false)]
    [InlineData("0xZZ997970c51812dc3a010c7d01b50e0d17dc79c8", false)]
    public void evm_addresses_are_validated_and_lowercased(string text, bool valid)
    {
        Assert.Equal(valid, EvmAddress.TryParse(text, out var address));
        if (valid)
        {
            Assert.Equal(text.ToLowerInvariant(), address);
        }
    }
}

public class KeccakAndAbiTests
{
    [Fact]
    public void keccak_gives_the_erc20_transfer_topic_and_selector()
    {
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Keccak.TransferTopic);
        Assert.Equal("a9059cbb", Convert.ToHexStringLower(Keccak.Selector("transfer(address,uint256)")));
    }

    [Fact]
    public void abi_encodes_a_transfer_call_word_by_word()
    {
        var data = Abi.Call("transfer(address,uint256)", AbiArg.Address("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), AbiArg.Uint(new BigInteger(12_340_017)));

        Assert.Equal(
            "0xa9059cbb" + "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8" + "0000000000000000000000000000000000000000000000000000000000bc4b31",
            data);
    }

    [Fact]
    public void abi_round_trips_a_dynamic_string()
    {
        var call = Abi.Call("initialize(string,string)", AbiArg.Text("USD Coin"), AbiArg.Text("USDC"));
        var firstArgument = "0x" + call[10..];

        Assert.Equal("USD Coin", Abi.DecodeString(firstArgument));
    }
}
