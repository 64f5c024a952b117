using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PaySessions.Core.Chain;
using PaySessions.Core.Events;
using PaySessions.Core.History;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using PaySessions.Core.Users;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Vouchers;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Persistence;

/// <summary>One SQLite file for everything: the payment model, the event log, and the users (ASP.NET Core Identity).</summary>
public sealed partial class PayDbContext(DbContextOptions<PayDbContext> options) : IdentityUserContext<StoreUser, Guid>(options)
{
    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<MerchantWallet> MerchantWallets => Set<MerchantWallet>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<StoreMembership> Memberships => Set<StoreMembership>();

    public DbSet<StoreLogo> StoreLogos => Set<StoreLogo>();

    public DbSet<PaySession> Sessions => Set<PaySession>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<ChainTransfer> ChainTransfers => Set<ChainTransfer>();

    public DbSet<TransferClaim> TransferClaims => Set<TransferClaim>();

    public DbSet<VoucherContext> VoucherContexts => Set<VoucherContext>();

    public DbSet<VoucherSession> VoucherSessions => Set<VoucherSession>();

    public DbSet<Voucher> Vouchers => Set<Voucher>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<ChainCursor> ChainCursors => Set<ChainCursor>();

    public DbSet<ChainBlock> ChainBlocks => Set<ChainBlock>();

    public DbSet<EventRecord> Events => Set<EventRecord>();

    public DbSet<NetworkSetting> NetworkSettings => Set<NetworkSetting>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back as Kind=Unspecified; everything we store is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Token amounts can exceed 64 bits (18-decimal tokens); they are stored as exact decimal text.
        configurationBuilder.Properties<BigInteger>().HaveConversion<BigIntegerTextConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<StoreMembership>(membership =>
        {
            membership.HasKey(m => new { m.UserId, m.MerchantId });
            membership.HasIndex(m => m.MerchantId);
            membership.HasOne<StoreUser>().WithMany().HasForeignKey(m => m.UserId);
            membership.HasOne<Merchant>().WithMany().HasForeignKey(m => m.MerchantId);
        });
        modelBuilder.Entity<Merchant>(merchant =>
        {
            merchant.Property(m => m.Name).HasMaxLength(200);
            merchant.Property(m => m.ExternalMid).HasMaxLength(100);
            merchant.Property(m => m.DefaultCurrency).HasMaxLength(3);
            merchant.HasMany(m => m.Wallets).WithOne().HasForeignKey(w => w.MerchantId);
        });

        modelBuilder.Entity<StoreLogo>(logo =>
        {
            logo.HasKey(l => l.MerchantId);
            logo.Property(l => l.ContentType).HasMaxLength(50);
            logo.HasOne<Merchant>().WithOne().HasForeignKey<StoreLogo>(l => l.MerchantId);
        });

        modelBuilder.Entity<MerchantWallet>(wallet =>
        {
            wallet.HasIndex(w => new { w.MerchantId, w.Network }).IsUnique();
            wallet.Property(w => w.Network).HasMaxLength(50);
            wallet.Property(w => w.Address).HasMaxLength(42);
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.HasIndex(k => k.Hash).IsUnique();
            key.HasIndex(k => k.MerchantId);
            key.Property(k => k.Label).HasMaxLength(100);
            key.HasOne<Merchant>().WithMany().HasForeignKey(k => k.MerchantId);
        });

        modelBuilder.Entity<PaySession>(session =>
        {
            session.ToTable("Sessions");
            session.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId);
            session.HasIndex(s => new { s.Status, s.ExpiresAt });
            session.HasIndex(s => new { s.MerchantId, s.CashierId, s.CreatedAt });
            session.Property(s => s.Descriptor).HasMaxLength(SessionLimits.MaxTextLength);
            session.Property(s => s.ReferenceNumber).HasMaxLength(SessionLimits.MaxTextLength);
            session.Property(s => s.AmountCurrency).HasMaxLength(3);
            session.Property(s => s.Asset).HasMaxLength(20);
            session.Property(s => s.TxHash).HasMaxLength(66);
            session.Property(s => s.Payer).HasMaxLength(42);
            SessionHistoryModel.Configure(session);
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.HasOne<PaySession>().WithMany().HasForeignKey(p => p.SessionId);
            payment.HasIndex(p => p.SessionId);
            payment.HasIndex(p => new { p.Status, p.ExpiresAt });
            // The heart of amount matching: among payments still holding their amount, one recipient
            // never expects the same amount of the same token twice. The database enforces it.
            // The filters are bare columns, as LINQ writes a bool test: SQLite uses a partial index only for a query whose
            // terms contain its filter, and "p"."HoldsAmount" does not contain "HoldsAmount" = 1.
            payment.HasIndex(p => new { p.Network, p.TokenContract, p.Recipient, p.Amount })
                .IsUnique()
                .HasFilter("\"HoldsAmount\" AND \"MatchByAmount\"")
                .HasDatabaseName("IX_Payments_HeldAmount");
            payment.HasIndex(p => new { p.Network, p.TokenContract, p.Recipient, p.QuotedAmount })
                .HasFilter("\"HoldsAmount\"")
                .HasDatabaseName("IX_Payments_HeldQuote");
            // The sweeper's next amounts to release, without reading the payments that already gave theirs back.
            payment.HasIndex(p => p.MonitorUntil)
                .HasFilter("\"HoldsAmount\"")
                .HasDatabaseName("IX_Payments_Release");
            payment.HasIndex(p => new { p.Network, p.Status });
            payment.Property(p => p.Network).HasMaxLength(50);
            payment.Property(p => p.Asset).HasMaxLength(20);
            payment.Property(p => p.TokenContract).HasMaxLength(42);
            payment.Property(p => p.Recipient).HasMaxLength(42);
            payment.Property(p => p.Payer).HasMaxLength(42);
        });

        modelBuilder.Entity<EventRecord>(record =>
        {
            record.ToTable("Events");
            record.HasIndex(e => e.EventId).IsUnique();
            record.HasIndex(e => new { e.MerchantId, e.OccurredAt });
            record.HasIndex(e => new { e.SessionId, e.Id });
            record.Property(e => e.Type).HasMaxLength(60);
        });

        modelBuilder.Entity<Refund>(refund =>
        {
            refund.HasIndex(r => r.PublicId).IsUnique();
            refund.HasIndex(r => new { r.MerchantId, r.SessionId });
            refund.HasIndex(r => new { r.PaymentId, r.Status });
            refund.HasIndex(r => r.Status);
            refund.HasIndex(r => new { r.Network, r.TxHash }).IsUnique().HasFilter("\"TxHash\" IS NOT NULL");
            refund.Property(r => r.PublicId).HasMaxLength(30);
            refund.Property(r => r.Error).HasMaxLength(300);
            refund.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId);
        });

        OnWebhookModelCreating(modelBuilder);
        OnChainModelCreating(modelBuilder);
    }

    private static void OnChainModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ChainTransfer>(transfer =>
        {
            // One on-chain transfer pays at most one payment, whoever detects it and however often.
            transfer.HasIndex(t => new { t.Network, t.TxHash, t.LogIndex }).IsUnique();
            transfer.HasIndex(t => t.PaymentId);
            transfer.HasIndex(t => new { t.Network, t.BlockNumber });
            transfer.HasOne<Payment>().WithMany().HasForeignKey(t => t.PaymentId);
            transfer.Property(t => t.TxHash).HasMaxLength(66);
            transfer.Property(t => t.BlockHash).HasMaxLength(66);
            transfer.Property(t => t.IgnoreNote).HasMaxLength(UnmatchedTransfers.MaxNoteLength);
            // Unmatched transfers to a store's wallets, for the back office.
            transfer.HasIndex(t => new { t.Network, t.To, t.BlockNumber }).HasFilter("\"PaymentId\" IS NULL");
        });

        modelBuilder.Entity<TransferClaim>(claim =>
        {
            // A transaction hash handed over by a payer pays one payment only.
            claim.HasKey(c => new { c.Network, c.TxHash });
            claim.HasIndex(c => c.PaymentId);
            claim.HasOne<Payment>().WithMany().HasForeignKey(c => c.PaymentId);
        });

        modelBuilder.Entity<ChainCursor>().HasKey(c => c.Network);
        modelBuilder.Entity<NetworkSetting>().HasKey(n => n.Network);
        OnVoucherModelCreating(modelBuilder);
        modelBuilder.Entity<ChainBlock>().HasKey(b => new { b.Network, b.Number });
    }

    private static void OnVoucherModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<VoucherContext>(context =>
        {
            context.HasIndex(c => c.PublicId).IsUnique();
            context.HasIndex(c => c.Code);
            context.HasIndex(c => new { c.PayerId, c.CreatedAt });
            context.Ignore(c => c.UpdatedAt);
        });
        modelBuilder.Entity<VoucherSession>(session =>
        {
            session.HasIndex(s => s.PublicId).IsUnique();
            session.HasIndex(s => s.ContextId);
            session.HasOne<VoucherContext>().WithMany().HasForeignKey(s => s.ContextId);
            session.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId);
            session.Ignore(s => s.UpdatedAt);
        });
        modelBuilder.Entity<Voucher>(voucher =>
        {
            voucher.HasIndex(v => v.PublicId).IsUnique();
            voucher.HasIndex(v => v.VoucherSessionId);
            voucher.HasIndex(v => new { v.ContextId, v.CreatedAt });
            voucher.HasIndex(v => new { v.MerchantId, v.CreatedAt });
            voucher.HasOne<VoucherSession>().WithMany().HasForeignKey(v => v.VoucherSessionId).IsRequired(false);
            voucher.HasOne<VoucherContext>().WithMany().HasForeignKey(v => v.ContextId);
            voucher.HasOne<PaySession>().WithMany().HasForeignKey(v => v.PaySessionId);
            // One transaction resolves one CUSTOM voucher; the database refuses a second.
            voucher.HasIndex(v => new { v.CallTxNetwork, v.CallTxHash }).IsUnique().HasFilter("\"CallTxHash\" IS NOT NULL");
            voucher.Property(v => v.CallTo).HasMaxLength(42);
            voucher.Property(v => v.CallValue).HasMaxLength(80);
            voucher.Property(v => v.CallTxHash).HasMaxLength(66);
            voucher.Property(v => v.CallTxNetwork).HasMaxLength(50);
            voucher.Ignore(v => v.Expected);
            voucher.Ignore(v => v.Supplied);
            voucher.Ignore(v => v.Call);
        });
        modelBuilder.Entity<AccessToken>().HasKey(t => t.Hash);
    }

    internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    internal sealed class BigIntegerTextConverter() : ValueConverter<BigInteger, string>(
        v => v.ToString(CultureInfo.InvariantCulture),
        v => BigInteger.Parse(v, CultureInfo.InvariantCulture));
}
