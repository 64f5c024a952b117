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

/// <summary>The webhook tables: endpoints, the outbox of deliveries, and each delivery's attempts.</summary>
public sealed partial class PayDbContext
{
    private static void OnWebhookModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.HasIndex(e => e.PublicId).IsUnique();
            endpoint.HasIndex(e => e.MerchantId);
            endpoint.Property(e => e.PublicId).HasMaxLength(30);
            endpoint.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
            endpoint.Property(e => e.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
            endpoint.Property(e => e.Secret).HasMaxLength(500);
            endpoint.Ignore(e => e.Types);
            endpoint.HasOne<Merchant>().WithMany().HasForeignKey(e => e.MerchantId);
        });

        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.HasIndex(d => d.PublicId).IsUnique();
            // The sender's question: the oldest pending delivery of each endpoint.
            delivery.HasIndex(d => new { d.Status, d.EndpointId, d.Id });
            delivery.HasIndex(d => new { d.EndpointId, d.Id });
            delivery.HasIndex(d => new { d.SessionId, d.Id });
            delivery.Property(d => d.PublicId).HasMaxLength(30);
            delivery.Property(d => d.Type).HasMaxLength(60);
            delivery.Property(d => d.LastError).HasMaxLength(500);
            delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId);
        });

        modelBuilder.Entity<WebhookAttempt>(attempt =>
        {
            attempt.HasIndex(a => new { a.DeliveryId, a.Id });
            attempt.Property(a => a.Error).HasMaxLength(500);
            attempt.Property(a => a.Response).HasMaxLength(WebhookAttempt.MaxResponseLength);
            attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId);
        });
    }
}
