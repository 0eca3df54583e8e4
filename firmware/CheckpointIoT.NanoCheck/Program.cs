using CheckpointIoT.NanoCheck.Cli;

return NanoCheckApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
