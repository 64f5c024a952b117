using PaySessions.Core.Common;

namespace PaySessions.Core.Webhooks;

/// <summary>Wakes the webhook sender when a save queued deliveries or someone asked for a retry.</summary>
public sealed class WebhookSignal : WakeSignal;
