using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PaySessions.Core;

public static class OptionsValidationExtensions
{
    /// <summary>Checks the section with <typeparamref name="TValidator"/> when the host starts, rather than on first use.</summary>
    public static OptionsBuilder<TOptions> ValidateOnStart<TOptions, TValidator>(this OptionsBuilder<TOptions> options)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        options.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return options.ValidateOnStart();
    }
}
