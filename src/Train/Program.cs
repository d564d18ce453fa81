Console.WriteLine("hpc: not built yet");
