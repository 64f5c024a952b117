using PaySessions.Pos.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddPaySessionsPos();

var app = builder.Build();
app.UsePaySessionsPos();
try
{
    await app.PreparePaySessionsPosAsync();
}
catch (PaySessions.Core.Persistence.StorageUnavailableException storage)
{
    // Said once, plainly, without a stack trace: the operator has a file or a disk to fix.
    await Console.Error.WriteLineAsync("PaySessions cannot start: " + storage.Message);
    return 1;
}

await app.RunAsync();
return 0;

public partial class Program;
