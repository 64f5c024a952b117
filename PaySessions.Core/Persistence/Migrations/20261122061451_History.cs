using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaySessions.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class History : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_MerchantId_CreatedAt",
                table: "Sessions");

            migrationBuilder.AddColumn<string>(
                name: "Asset",
                table: "Sessions",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ExceptionStatus",
                table: "Sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Payer",
                table: "Sessions",
                type: "TEXT",
                maxLength: 42,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TxHash",
                table: "Sessions",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Payer",
                table: "Payments",
                type: "TEXT",
                maxLength: 42,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "AmountValue",
                table: "Sessions",
                type: "REAL",
                nullable: false,
                computedColumnSql: "CAST(\"Amount\" AS REAL)",
                stored: false);

            // Existing rows: each payment's payer is the sender of its latest paying transfer (the one whose hash it
            // shows); each session copies its current transaction's facts, as PaySession.Attach/Follow do from now on.
            migrationBuilder.Sql("""
                UPDATE Payments SET Payer = (
                  SELECT t."From" FROM ChainTransfers AS t
                  WHERE t.PaymentId = Payments.Id AND t.Removed = 0 AND t.TxHash = Payments.TxHash
                  ORDER BY t.BlockNumber DESC, t.LogIndex DESC LIMIT 1)
                WHERE TxHash IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                UPDATE Sessions SET Asset = p.Asset, Network = p.Network, ExceptionStatus = p.ExceptionStatus, TxHash = p.TxHash, Payer = p.Payer
                FROM Payments AS p
                WHERE p.Id = Sessions.TransactionId;
                """);

            // Reference and descriptor substring search: an external-content FTS5 index over Sessions keyed by its rowid
            // (it stores the trigram index only, not a second copy of the text), kept in step by triggers. A later
            // migration that rebuilds Sessions drops these triggers and may renumber rows: it must create them again
            // and run the 'rebuild' (the history tests fail otherwise).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE SessionSearch USING fts5(
                  ReferenceNumber, Descriptor, content='Sessions', content_rowid='rowid', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Sessions_SearchInsert AFTER INSERT ON Sessions BEGIN
                  INSERT INTO SessionSearch(rowid, ReferenceNumber, Descriptor) VALUES (new.rowid, new.ReferenceNumber, new.Descriptor);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Sessions_SearchDelete AFTER DELETE ON Sessions BEGIN
                  INSERT INTO SessionSearch(SessionSearch, rowid, ReferenceNumber, Descriptor) VALUES ('delete', old.rowid, old.ReferenceNumber, old.Descriptor);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Sessions_SearchUpdate AFTER UPDATE OF ReferenceNumber, Descriptor ON Sessions BEGIN
                  INSERT INTO SessionSearch(SessionSearch, rowid, ReferenceNumber, Descriptor) VALUES ('delete', old.rowid, old.ReferenceNumber, old.Descriptor);
                  INSERT INTO SessionSearch(rowid, ReferenceNumber, Descriptor) VALUES (new.rowid, new.ReferenceNumber, new.Descriptor);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO SessionSearch(SessionSearch) VALUES ('rebuild');");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_History_Amount",
                table: "Sessions",
                columns: new[] { "MerchantId", "AmountValue" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_History_Asset",
                table: "Sessions",
                columns: new[] { "MerchantId", "Asset", "Network", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_History_Exception",
                table: "Sessions",
                columns: new[] { "MerchantId", "ExceptionStatus", "CreatedAt" },
                filter: "\"ExceptionStatus\" <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_History_Payer",
                table: "Sessions",
                columns: new[] { "MerchantId", "Payer" },
                filter: "\"Payer\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_History_Status",
                table: "Sessions",
                columns: new[] { "MerchantId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_History_Time",
                table: "Sessions",
                columns: new[] { "MerchantId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_History_TxHash",
                table: "Sessions",
                columns: new[] { "MerchantId", "TxHash" },
                filter: "\"TxHash\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Sessions_SearchInsert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Sessions_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Sessions_SearchUpdate;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS SessionSearch;");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_History_Amount",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_History_Asset",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_History_Exception",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_History_Payer",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_History_Status",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_History_Time",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_History_TxHash",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "AmountValue",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "Asset",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ExceptionStatus",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "Payer",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "TxHash",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "Payer",
                table: "Payments");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_MerchantId_CreatedAt",
                table: "Sessions",
                columns: new[] { "MerchantId", "CreatedAt" });
        }
    }
}
