using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PaySessions.Benchmarks.History;

/// <summary>What the queries of the benchmark pick their values from: real ids, hashes and payers of the seeded rows.</summary>
public sealed record SeededStore(Guid MerchantId, int Sessions, IReadOnlyList<Guid> Cashiers, IReadOnlyList<string> TxHashes, IReadOnlyList<string> Payers);

/// <summary>
/// Fills a migrated database with sessions the way a busy pair of stores would have them after 90 days: mostly paid
/// sales, some expired or canceled, a few exceptions; five networks and three tokens; terminal sales with cashiers and
/// API sales without; voucher payments; invoice-style references; repeat customers. Written through prepared SQLite
/// commands in one transaction (not EF), in creation order, so a million rows take a minute, not an hour.
/// </summary>
public static class HistorySeeder
{
    public static readonly DateTime End = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    public static readonly TimeSpan Span = TimeSpan.FromDays(90);

    private static readonly (string Network, long ChainId, double Share, (string Asset, double Share)[] Assets)[] Networks =
    [
        ("polygon", 137, 0.45, [("USDC", 0.7), ("USDT", 0.3)]),
        ("base", 8453, 0.25, [("USDC", 0.85), ("EURC", 0.15)]),
        ("ethereum", 1, 0.15, [("USDC", 0.6), ("USDT", 0.3), ("EURC", 0.1)]),
        ("arbitrum", 42161, 0.10, [("USDC", 1.0)]),
        ("optimism", 10, 0.05, [("USDC", 1.0)]),
    ];

    private static readonly string[] Products =
    [
        "Flat white", "Espresso", "Cappuccino", "Croissant", "Bagel", "Club sandwich", "Lunch menu", "Green tea", "Oat latte",
        "Muffin", "Brownie", "Orange juice", "Sparkling water", "Soup of the day", "Salad bowl", "Pasta", "Pizza margherita",
        "Gift card", "T-shirt", "Coffee beans 1kg", "Mug", "Catering order", "Breakfast", "Cheesecake", "Iced coffee",
    ];

    /// <summary>Seeds <paramref name="total"/> sessions over the stores, in the given shares; returns what queries need.</summary>
    public static IReadOnlyList<SeededStore> Seed(string databasePath, IReadOnlyList<(Guid MerchantId, Guid AccountId, double Share)> stores, int total, Action<string> log)
    {
        var random = new Random(20261122);
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;");
        var payers = Enumerable.Range(0, Math.Max(100, total / 5)).Select(_ => Hex(random, 20)).ToArray();
        var shops = stores.Select(s => new Shop(s.MerchantId, s.AccountId, Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray())).ToArray();
        var cumulative = stores.Select((s, i) => stores.Take(i + 1).Sum(x => x.Share)).ToArray();

        using (var transaction = connection.BeginTransaction())
        {
            using var session = Prepare(connection, transaction, "Sessions",
                "Id", "AccountId", "Amount", "AmountCurrency", "Asset", "CashierId", "CreatedAt", "Descriptor", "ExceptionStatus", "ExpiresAt",
                "ExternalMid", "FxRate", "Kind", "MerchantId", "Network", "Payer", "Recipient", "ReferenceNumber", "Status", "TransactionId", "TxHash", "UpdatedAt");
            using var payment = Prepare(connection, transaction, "Payments",
                "Id", "Amount", "Asset", "ChainId", "Confirmations", "CreatedAt", "Decimals", "ExceptionStatus", "ExpiresAt", "HoldsAmount",
                "MatchByAmount", "MerchantId", "MonitorUntil", "Network", "Paid", "Payer", "QuotedAmount", "Rate", "Recipient",
                "RequiredConfirmations", "SessionId", "SettledAt", "Status", "TokenContract", "TxHash", "UpdatedAt");
            var step = Span.Ticks / total;
            for (var i = 0; i < total; i++)
            {
                // Creation order, a little jitter, whole milliseconds: some rows share a timestamp, as in real traffic.
                var createdAt = new DateTime(End.Ticks - Span.Ticks + (i * step) + random.NextInt64(step), DateTimeKind.Utc);
                createdAt = new DateTime(createdAt.Ticks - (createdAt.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
                var pick = random.NextDouble();
                var shop = shops[Math.Max(0, Array.FindIndex(cumulative, c => pick < c))];
                Insert(session, payment, shop, createdAt, random, payers);
                if (i % 100_000 == 99_999)
                {
                    log($"  seeded {i + 1:N0} sessions ({clock.Elapsed.TotalSeconds:F0} s)");
                }
            }

            transaction.Commit();
        }

        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return shops.Select(s => new SeededStore(s.MerchantId, s.Count, s.Cashiers, s.TxHashes, s.Payers)).ToArray();
    }

    private static void Insert(SqliteCommand session, SqliteCommand payment, Shop shop, DateTime createdAt, Random random, string[] payers)
    {
        var voucher = random.NextDouble() < 0.1;
        var expiresAt = createdAt.AddMinutes(15);
        var recent = createdAt > End.AddMinutes(-30);
        var roll = random.NextDouble();
        var status = recent && roll < 0.3 ? 0 : recent && roll < 0.4 ? 2 : roll < 0.72 ? 1 : roll < 0.92 ? 5 : 3;
        var picked = status is 1 or 2 || (status == 5 && random.NextDouble() < 0.6) || (status == 3 && random.NextDouble() < 0.5) || (status == 0 && random.NextDouble() < 0.5);
        var paid = status is 1 or 2 || (status == 5 && random.NextDouble() < 0.08);
        var exception = !paid ? 0 : status == 5 ? 1 : random.NextDouble() switch { < 0.03 => 2, < 0.05 => 3, _ => 0 };
        var currency = random.NextDouble() < 0.8 ? "USD" : "EUR";
        var amount = Math.Round((decimal)Math.Exp(2.8 + (random.NextDouble() * 2.2) + (random.NextDouble() * 1.2)), 2);
        var (network, chainId, asset) = PickAsset(random);
        var cashier = !voucher && random.NextDouble() < 0.6 ? shop.Cashiers[random.Next(shop.Cashiers.Length)] : (Guid?)null;
        var sessionId = Guid.NewGuid();
        var paymentId = picked ? Guid.NewGuid() : (Guid?)null;
        var txHash = paid ? Hex(random, 32) : null;
        var payer = paid ? payers[random.Next(payers.Length)] : null;
        var code = random.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
        var reference = voucher ? $"vch_{code}" : random.NextDouble() < 0.7 ? $"INV-{shop.Count + 1:D6}" : "";
        var descriptor = voucher ? $"Voucher {code}" : Products[random.Next(Products.Length)] + (random.NextDouble() < 0.2 ? " x2" : "");
        var recipient = "0x" + "70997970c51812dc3a010c7d01b50e0d17dc79c8";

        Set(session, sessionId, shop.AccountId, DecimalText(amount), currency, picked ? asset : null, cashier, createdAt, descriptor, exception, expiresAt,
            "", null, voucher ? 1 : 0, shop.MerchantId, picked || voucher ? network : null, payer, voucher ? recipient : null, reference, status,
            paymentId, txHash, status == 0 ? createdAt : expiresAt);
        session.ExecuteNonQuery();
        if (paymentId is { } id)
        {
            var units = ((long)(amount * 1_000_000m)) + random.Next(1, 10_000);
            Set(payment, id, units.ToString(CultureInfo.InvariantCulture), asset, chainId, paid ? 20 : 0, createdAt.AddSeconds(20), 6, exception, expiresAt, 0,
                voucher ? 0 : 1, shop.MerchantId, expiresAt.AddHours(24), network, paid ? (exception == 1 ? units / 2 : units).ToString(CultureInfo.InvariantCulture) : "0",
                payer, (units - (units % 10_000)).ToString(CultureInfo.InvariantCulture), "1.0", recipient, 20, sessionId, status == 1 ? createdAt.AddMinutes(2) : null,
                status, "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359", txHash, createdAt.AddMinutes(2));
            payment.ExecuteNonQuery();
        }

        shop.Count++;
        if (txHash is not null && shop.TxHashes.Count < 10_000 && random.NextDouble() < 0.05)
        {
            shop.TxHashes.Add(txHash);
        }

        if (payer is not null && shop.Payers.Count < 10_000 && random.NextDouble() < 0.05)
        {
            shop.Payers.Add(payer);
        }
    }

    private static (string Network, long ChainId, string Asset) PickAsset(Random random)
    {
        var roll = random.NextDouble();
        var network = Networks[^1];
        foreach (var candidate in Networks)
        {
            if ((roll -= candidate.Share) < 0)
            {
                network = candidate;
                break;
            }
        }

        var assetRoll = random.NextDouble();
        foreach (var (asset, share) in network.Assets)
        {
            if ((assetRoll -= share) < 0)
            {
                return (network.Network, network.ChainId, asset);
            }
        }

        return (network.Network, network.ChainId, network.Assets[^1].Asset);
    }

    // As EF Core writes them on SQLite: ids upper-case, times sortable, decimals with at least one decimal place.
    private static object Value(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => id.ToString("D").ToUpperInvariant(),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string DecimalText(decimal value) => value.ToString("0.0###########################", CultureInfo.InvariantCulture);

    private static string Hex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return "0x" + Convert.ToHexStringLower(buffer);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = Value(values[i]);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class Shop(Guid merchantId, Guid accountId, Guid[] cashiers)
    {
        public Guid MerchantId { get; } = merchantId;

        public Guid AccountId { get; } = accountId;

        public Guid[] Cashiers { get; } = cashiers;

        public int Count { get; set; }

        public List<string> TxHashes { get; } = [];

        public List<string> Payers { get; } = [];
    }
}
