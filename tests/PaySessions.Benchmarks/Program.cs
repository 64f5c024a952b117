using System.Globalization;
using PaySessions.Benchmarks;
using PaySessions.Benchmarks.History;

switch (args)
{
    // dotnet run -c Release --project tests/PaySessions.Benchmarks -- history [--smoke] [--sessions N] [--iterations N] [--out DIR] [--db FILE] [--log-sql] [--only TEXT]
    case ["history", ..]:
        return await HistoryBenchmark.RunAsync(args[1..]);
    // dotnet run -c Release --project tests/PaySessions.Benchmarks -- speed [--smoke] [--out DIR]   (scripts/bench.sh)
    case ["speed", ..]:
        return await PaySessions.Benchmarks.Speed.SpeedBenchmark.RunAsync(args[1..]);
    // dotnet run -c Release --project tests/PaySessions.Benchmarks -- start [--runs N]   (scripts/bench.sh start)
    case ["start", ..]:
        return await PaySessions.Benchmarks.Speed.StartBenchmark.RunAsync(args[1..]);
    // dotnet run -c Release --project tests/PaySessions.Benchmarks -- serve   (the app for profiling by hand, until stdin closes)
    case ["serve"]:
        return await PaySessions.Benchmarks.Speed.StartBenchmark.ServeAsync();
    case ["history-export", ..]:
        return await HistoryBenchmark.ExportAsync(args[1..]);
}

// scripts/bench.sh [open payments] [measured payments]
var open = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var measured = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var benchmark = new ChainDetectionBenchmark(open, measured, confirmations: 3);
await benchmark.RunAsync("subscription", TimeSpan.FromSeconds(2));
await benchmark.RunAsync("polling", TimeSpan.FromMilliseconds(250));
return 0;
