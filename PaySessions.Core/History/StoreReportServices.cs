using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PaySessions.Core.History;

public static class StoreReportServices
{
    /// <summary>The dashboard and the end-of-day report; refunds come from <see cref="ConfirmedRefunds"/>.</summary>
    public static IServiceCollection AddStoreReports(this IServiceCollection services)
    {
        services.TryAddSingleton<IRefundSource, ConfirmedRefunds>();
        services.AddSingleton<StoreDashboard>();
        services.AddSingleton<EndOfDayReports>();
        return services;
    }
}
