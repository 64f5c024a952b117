using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PaySessions.Core.History;

public static class StoreReportServices
{
    /// <summary>The dashboard and the end-of-day report. Refunds come from <see cref="NoRefundsYet"/> until the refunds feature registers its source.</summary>
    public static IServiceCollection AddStoreReports(this IServiceCollection services)
    {
        services.TryAddSingleton<IRefundSource, NoRefundsYet>();
        services.AddSingleton<StoreDashboard>();
        services.AddSingleton<EndOfDayReports>();
        return services;
    }
}
