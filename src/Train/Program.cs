return Hpc.Train.Cli.HpcCli.Run(args);
