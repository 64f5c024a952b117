using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaySessions.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PartialIndexTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_HeldAmount",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_HeldQuote",
                table: "Payments");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_HeldAmount",
                table: "Payments",
                columns: new[] { "Network", "TokenContract", "Recipient", "Amount" },
                unique: true,
                filter: "\"HoldsAmount\" AND \"MatchByAmount\"");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_HeldQuote",
                table: "Payments",
                columns: new[] { "Network", "TokenContract", "Recipient", "QuotedAmount" },
                filter: "\"HoldsAmount\"");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Release",
                table: "Payments",
                column: "MonitorUntil",
                filter: "\"HoldsAmount\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_HeldAmount",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_HeldQuote",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_Release",
                table: "Payments");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_HeldAmount",
                table: "Payments",
                columns: new[] { "Network", "TokenContract", "Recipient", "Amount" },
                unique: true,
                filter: "\"HoldsAmount\" = 1 AND \"MatchByAmount\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_HeldQuote",
                table: "Payments",
                columns: new[] { "Network", "TokenContract", "Recipient", "QuotedAmount" },
                filter: "\"HoldsAmount\" = 1");
        }
    }
}
