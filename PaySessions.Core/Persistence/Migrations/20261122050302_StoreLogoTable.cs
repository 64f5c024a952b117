using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaySessions.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StoreLogoTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StoreLogos",
                columns: table => new
                {
                    MerchantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoreLogos", x => x.MerchantId);
                    table.ForeignKey(
                        name: "FK_StoreLogos_Merchants_MerchantId",
                        column: x => x.MerchantId,
                        principalTable: "Merchants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Logos stored on the store's row so far move to their own table, then the columns go.
            migrationBuilder.Sql("INSERT INTO StoreLogos (MerchantId, Content, ContentType, UpdatedAt) SELECT Id, Logo, LogoContentType, CreatedAt FROM Merchants WHERE Logo IS NOT NULL AND LogoContentType IS NOT NULL;");

            migrationBuilder.DropColumn(
                name: "Logo",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "LogoContentType",
                table: "Merchants");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StoreLogos");

            migrationBuilder.AddColumn<byte[]>(
                name: "Logo",
                table: "Merchants",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoContentType",
                table: "Merchants",
                type: "TEXT",
                maxLength: 50,
                nullable: true);
        }
    }
}
