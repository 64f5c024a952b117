using PaySessions.Pos.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddPaySessionsPos();

await using var app = builder.Build();
app.UsePaySessionsPos();
try
{
    await app.StartPaySessionsPosAsync();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (PaySessions.Core.Persistence.StorageUnavailableException storage)
{
    // Said once, plainly, without a stack trace: the operator has a file or a disk to fix.
    await Console.Error.WriteLineAsync("PaySessions cannot start: " + storage.Message);
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException settings)
{
    // A setting to fix in appsettings.json or the environment: each failure on its own line, no stack trace.
    await Console.Error.WriteLineAsync("PaySessions cannot start: fix these settings (appsettings.json or environment variables):");
    foreach (var failure in settings.Failures)
    {
        await Console.Error.WriteLineAsync("  - " + failure);
    }

    return 1;
}

public partial class Program;
