using BenchmarkDotNet.Running;
using Hpc.Bench.AB;
using Hpc.Bench.EndToEnd;
using Hpc.Bench.Infrastructure;

// Kernel suite:  dotnet run -c Release --project bench -- --filter '*'
// End to end:    dotnet run -c Release --project bench -- e2e [--seconds 5] [--threads 1,2] [--batch 256]
// A against B:   dotnet run -c Release --project bench -- ab --baseline <Hpc.Simd.dll of another build> [--ops ...]
// One op, looped: dotnet run -c Release --project bench -- loop --op rotate-bilinear [--size 64] [--seconds 6]
// Kernel vs its scalar twin, alternating: dotnet run -c Release --project bench -- twin [--filter Rotate,FusedAffine]
Console.WriteLine(MachineInfo.Describe());

if (args.Length > 0 && args[0] == "e2e")
{
    return EndToEndRunner.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "ab")
{
    return AbRunner.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "twin")
{
    return TwinRunner.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "loop")
{
    return LoopRunner.Run(args[1..]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new KernelConfig());
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
