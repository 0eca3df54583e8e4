// checkpoint-gateway: the composition root lives in Hosting/GatewayApp.cs; this only runs it.
return CheckpointIoT.Gateway.Hosting.GatewayProgram.Run(args);
