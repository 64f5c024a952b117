using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaySessions.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VoucherReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Vouchers_VoucherSessions_VoucherSessionId",
                table: "Vouchers");

            migrationBuilder.AlterColumn<Guid>(
                name: "VoucherSessionId",
                table: "Vouchers",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "CallChainIds",
                table: "Vouchers",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "CallData",
                table: "Vouchers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallNetworks",
                table: "Vouchers",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "CallTo",
                table: "Vouchers",
                type: "TEXT",
                maxLength: 42,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallTxHash",
                table: "Vouchers",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallTxNetwork",
                table: "Vouchers",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallValue",
                table: "Vouchers",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ContextId",
                table: "Vouchers",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "Extras",
                table: "Vouchers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MerchantId",
                table: "Vouchers",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceiptSubmittedAt",
                table: "Vouchers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuppliedAmount",
                table: "Vouchers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuppliedCurrency",
                table: "Vouchers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuppliedCurrencyAddress",
                table: "Vouchers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuppliedWallet",
                table: "Vouchers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Type",
                table: "Vouchers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Format",
                table: "VoucherContexts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "PayerId",
                table: "VoucherContexts",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "Payers",
                table: "VoucherContexts",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // Existing rows: every voucher so far was reserved in a session, so it takes that session's context and
            // payee; every context so far was its payer's first (payer id = context id, as new payers get).
            migrationBuilder.Sql("""
                UPDATE "Vouchers" SET
                    "ContextId" = (SELECT s."ContextId" FROM "VoucherSessions" AS s WHERE s."Id" = "Vouchers"."VoucherSessionId"),
                    "MerchantId" = (SELECT s."MerchantId" FROM "VoucherSessions" AS s WHERE s."Id" = "Vouchers"."VoucherSessionId");
                UPDATE "VoucherContexts" SET "PayerId" = "Id";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Vouchers_CallTxNetwork_CallTxHash",
                table: "Vouchers",
                columns: new[] { "CallTxNetwork", "CallTxHash" },
                unique: true,
                filter: "\"CallTxHash\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Vouchers_ContextId_CreatedAt",
                table: "Vouchers",
                columns: new[] { "ContextId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Vouchers_MerchantId_CreatedAt",
                table: "Vouchers",
                columns: new[] { "MerchantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VoucherContexts_PayerId_CreatedAt",
                table: "VoucherContexts",
                columns: new[] { "PayerId", "CreatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Vouchers_VoucherContexts_ContextId",
                table: "Vouchers",
                column: "ContextId",
                principalTable: "VoucherContexts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Vouchers_VoucherSessions_VoucherSessionId",
                table: "Vouchers",
                column: "VoucherSessionId",
                principalTable: "VoucherSessions",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Vouchers_VoucherContexts_ContextId",
                table: "Vouchers");

            migrationBuilder.DropForeignKey(
                name: "FK_Vouchers_VoucherSessions_VoucherSessionId",
                table: "Vouchers");

            migrationBuilder.DropIndex(
                name: "IX_Vouchers_CallTxNetwork_CallTxHash",
                table: "Vouchers");

            migrationBuilder.DropIndex(
                name: "IX_Vouchers_ContextId_CreatedAt",
                table: "Vouchers");

            migrationBuilder.DropIndex(
                name: "IX_Vouchers_MerchantId_CreatedAt",
                table: "Vouchers");

            migrationBuilder.DropIndex(
                name: "IX_VoucherContexts_PayerId_CreatedAt",
                table: "VoucherContexts");

            migrationBuilder.DropColumn(
                name: "CallChainIds",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "CallData",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "CallNetworks",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "CallTo",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "CallTxHash",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "CallTxNetwork",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "CallValue",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "ContextId",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "Extras",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "MerchantId",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "ReceiptSubmittedAt",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "SuppliedAmount",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "SuppliedCurrency",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "SuppliedCurrencyAddress",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "SuppliedWallet",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "Type",
                table: "Vouchers");

            migrationBuilder.DropColumn(
                name: "Format",
                table: "VoucherContexts");

            migrationBuilder.DropColumn(
                name: "PayerId",
                table: "VoucherContexts");

            migrationBuilder.DropColumn(
                name: "Payers",
                table: "VoucherContexts");

            migrationBuilder.AlterColumn<Guid>(
                name: "VoucherSessionId",
                table: "Vouchers",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Vouchers_VoucherSessions_VoucherSessionId",
                table: "Vouchers",
                column: "VoucherSessionId",
                principalTable: "VoucherSessions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
