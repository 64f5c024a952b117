using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaySessions.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RefundsAndUnmatched : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Refunded",
                table: "Payments",
                type: "TEXT",
                nullable: false,
                defaultValue: "0"); // base units as decimal text: existing payments refunded nothing

            migrationBuilder.AddColumn<string>(
                name: "IgnoreNote",
                table: "ChainTransfers",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "IgnoredAt",
                table: "ChainTransfers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IgnoredBy",
                table: "ChainTransfers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Refunds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    MerchantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Network = table.Column<string>(type: "TEXT", nullable: false),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    Token = table.Column<string>(type: "TEXT", nullable: false),
                    Decimals = table.Column<int>(type: "INTEGER", nullable: false),
                    Asset = table.Column<string>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", nullable: false),
                    To = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    TxHash = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Refunds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Refunds_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChainTransfers_Network_To_BlockNumber",
                table: "ChainTransfers",
                columns: new[] { "Network", "To", "BlockNumber" },
                filter: "\"PaymentId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_MerchantId_SessionId",
                table: "Refunds",
                columns: new[] { "MerchantId", "SessionId" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Network_TxHash",
                table: "Refunds",
                columns: new[] { "Network", "TxHash" },
                unique: true,
                filter: "\"TxHash\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_PaymentId_Status",
                table: "Refunds",
                columns: new[] { "PaymentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_PublicId",
                table: "Refunds",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Status",
                table: "Refunds",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_ChainTransfers_Network_To_BlockNumber",
                table: "ChainTransfers");

            migrationBuilder.DropColumn(
                name: "Refunded",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "IgnoreNote",
                table: "ChainTransfers");

            migrationBuilder.DropColumn(
                name: "IgnoredAt",
                table: "ChainTransfers");

            migrationBuilder.DropColumn(
                name: "IgnoredBy",
                table: "ChainTransfers");
        }
    }
}
