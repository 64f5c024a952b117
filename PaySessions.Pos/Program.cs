using PaySessions.Pos.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddPaySessionsPos();

var app = builder.Build();
app.UsePaySessionsPos();
await app.PreparePaySessionsPosAsync();
await app.RunAsync();

public partial class Program;
