using System.Numerics;
using PaySessions.Core.Fx;

namespace PaySessions.Core.Payments;

/// <summary>
/// What a transaction still asks for after what was paid. The checkout vendor's <c>remainingBalance</c> is in the
/// sale's currency (its own browser SDK subtracts it from <c>amount</c> to show what was paid), so the share still
/// missing is also priced back into that currency. Pure: no clock, no database.
/// </summary>
public static class RemainingBalance
{
    /// <summary>
    /// Base units still to send: nothing once the payment counts as paid (processing or succeeded, a shortfall within
    /// the store's underpayment tolerance included), otherwise what is asked less what arrived.
    /// </summary>
    public static BigInteger Tokens(Payment payment) =>
        payment.Status is PaymentStatus.Processing or PaymentStatus.Succeeded
            ? BigInteger.Zero
            : BigInteger.Max(BigInteger.Zero, payment.Amount - payment.Paid);

    /// <summary>
    /// The same share of the sale's amount, rounded up to the currency's minor unit so that a shortfall, however
    /// small, never reads as nothing left. All of it while nothing was paid; exactly zero when nothing is missing.
    /// </summary>
    public static decimal Fiat(decimal saleAmount, string currency, BigInteger asked, BigInteger remaining)
    {
        if (remaining <= 0 || asked <= 0)
        {
            return 0m;
        }

        if (remaining >= asked)
        {
            return saleAmount;
        }

        // Unknown to the currency table (a voucher's token-named currency): six places, finer than any sale needs.
        var minor = FiatCurrencies.TryGetMinorUnits(currency, out var known) ? known : 6;
        var scale = BigInteger.Pow(10, minor);
        var saleMinor = new BigInteger(decimal.Ceiling(saleAmount * (decimal)scale));
        var share = ((saleMinor * remaining) + asked - 1) / asked;
        return (decimal)share / (decimal)scale;
    }
}
