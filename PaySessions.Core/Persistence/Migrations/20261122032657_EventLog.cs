using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaySessions.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EventLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    MerchantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    VoucherId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_EventId",
                table: "Events",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_MerchantId_OccurredAt",
                table: "Events",
                columns: new[] { "MerchantId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_SessionId_Id",
                table: "Events",
                columns: new[] { "SessionId", "Id" });

            // The log is append-only: what happened stays as it was recorded.
            migrationBuilder.Sql("CREATE TRIGGER Events_NoUpdate BEFORE UPDATE ON Events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER Events_NoDelete BEFORE DELETE ON Events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Events_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Events_NoDelete;");
            migrationBuilder.DropTable(
                name: "Events");
        }
    }
}
