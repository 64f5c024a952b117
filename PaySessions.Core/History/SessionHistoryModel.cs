using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.History;

/// <summary>
/// The schema the session history needs on the Sessions table: a numeric copy of the amount and one index per way in
/// (<see cref="HistoryPlan"/> names the one each query walks). Every index starts with the store, so a store's query
/// never reads another store's rows, and ends with the creation time, so rows come out of it already in order. The
/// search table (<see cref="SearchTable"/>: trigram FTS5 over reference and descriptor, kept in step by triggers) is
/// created in the <c>History</c> migration.
/// </summary>
public static class SessionHistoryModel
{
    /// <summary>A read-only numeric copy of the fiat amount, for range filters (amounts are stored as exact text).</summary>
    public const string AmountValue = "AmountValue";

    public const string SearchTable = "SessionSearch";

    public const string TimeIndex = "IX_Sessions_History_Time";

    public const string StatusIndex = "IX_Sessions_History_Status";

    /// <summary>Only sessions with an exception (a few percent): queries through it also say <c>ExceptionStatus &lt;&gt; 0</c>.</summary>
    public const string ExceptionIndex = "IX_Sessions_History_Exception";

    public const string AssetIndex = "IX_Sessions_History_Asset";

    public const string AmountIndex = "IX_Sessions_History_Amount";

    public const string TxHashIndex = "IX_Sessions_History_TxHash";

    public const string PayerIndex = "IX_Sessions_History_Payer";

    /// <summary>The cashier's-sales index (<c>SessionCashier</c> migration), which the history uses as it is.</summary>
    public const string CashierIndex = "IX_Sessions_MerchantId_CashierId_CreatedAt";

    internal static void Configure(EntityTypeBuilder<PaySession> session)
    {
        // SQLite computes the column; nothing in the app reads it from an entity (the history's SQL filters on it). Left
        // as EF Core's default for a computed column (generated on add and update), every insert and update of a session
        // would end in RETURNING "AmountValue" and be read back: never written, never read.
        var amountValue = session.Property<double>(AmountValue).HasComputedColumnSql("CAST(\"Amount\" AS REAL)", stored: false).ValueGeneratedNever();
        amountValue.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        amountValue.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        session.HasIndex(s => new { s.MerchantId, s.CreatedAt, s.Id }).HasDatabaseName(TimeIndex);
        session.HasIndex(s => new { s.MerchantId, s.Status, s.CreatedAt }).HasDatabaseName(StatusIndex);
        session.HasIndex(s => new { s.MerchantId, s.ExceptionStatus, s.CreatedAt }).HasDatabaseName(ExceptionIndex).HasFilter("\"ExceptionStatus\" <> 0");
        session.HasIndex(s => new { s.MerchantId, s.Asset, s.Network, s.CreatedAt }).HasDatabaseName(AssetIndex);
        session.HasIndex(nameof(PaySession.MerchantId), AmountValue).HasDatabaseName(AmountIndex);
        session.HasIndex(s => new { s.MerchantId, s.TxHash }).HasDatabaseName(TxHashIndex).HasFilter("\"TxHash\" IS NOT NULL");
        session.HasIndex(s => new { s.MerchantId, s.Payer }).HasDatabaseName(PayerIndex).HasFilter("\"Payer\" IS NOT NULL");
    }
}
