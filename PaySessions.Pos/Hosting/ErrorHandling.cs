using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaySessions.Pos.Api;

namespace PaySessions.Pos.Hosting;

/// <summary>
/// How failures reach people: API calls get problem details with our stable <c>code</c>, whatever went wrong
/// (a refused request, an unmatched route, an exception); pages get the HTML error page.
/// </summary>
public static class ErrorHandling
{
    public const string ErrorPagePath = "/error";

    public static IServiceCollection AddPosErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ApiProblems.Customize);
        // Added after the framework's writer, so it only writes what that one declines.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ApiProblemWriter>());
        services.AddExceptionHandler<ApiExceptionHandler>();
        return services;
    }

    public static WebApplication UsePosErrorHandling(this WebApplication app)
    {
        // ApiExceptionHandler answers API calls; any other request runs again at the error page.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = ErrorPagePath, CreateScopeForErrors = true });

        // A route constraint that fails ("/session/not-a-guid") or a wrong method leaves an empty 404/405: on the API it
        // becomes a problem. Pages keep their own answers.
        app.UseStatusCodePages(context => ApiPaths.Contains(context.HttpContext)
            ? context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext }).AsTask()
            : Task.CompletedTask);
        return app;
    }

    /// <summary>An exception in an API call becomes a 500 problem (code <c>internal_error</c>, no exception text).</summary>
    private sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (!ApiPaths.Contains(http))
            {
                return false;
            }

            if (PaySessions.Core.Persistence.StorageFailure.Classify(exception) is var (code, message))
            {
                // A full disk or a database that stays locked is the server's state, not a bug: 503, try again later.
                http.Response.Headers.RetryAfter = "30";
                await ApiProblems.WriteAsync(http, new PaySessions.Core.Common.PayError(PaySessions.Core.Common.PayErrorKind.Unavailable, code, message), StatusCodes.Status503ServiceUnavailable);
                return true;
            }

            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception });
        }
    }

    /// <summary>
    /// API answers stay application/problem+json when the Accept header asks for HTML (a browser opening an API URL),
    /// which the framework's writer declines.
    /// </summary>
    private sealed class ApiProblemWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
        : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => ApiPaths.Contains(context.HttpContext);

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            options.Value.CustomizeProblemDetails?.Invoke(context);
            var http = context.HttpContext;
            return new ValueTask(http.Response.WriteAsJsonAsync(context.ProblemDetails, json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
        }
    }
}
