using CheckpointIoT.Technician.Cli;

return await TechnicianCli.RunAsync(args);
