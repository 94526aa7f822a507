package io.autoservice.agent.cli;

import io.autoservice.agent.fleet.AgentDataDir;
import io.autoservice.agent.fleet.ControllerEndpoints;
import io.autoservice.agent.fleet.tls.AgentCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agent enroll}: joins a controller's fleet once, with a token from {@code controller enroll
 * create}.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Enrols this agent with a controller: makes a key pair here (the private key never leaves",
      "this PC), verifies the controller by the CA fingerprint inside the token, and stores the",
      "certificate in <data>/tls/. 'agent connect' then uses it (mutual TLS).",
      "Exit status: 0 enrolled; 1 refused or failed (bad, used or expired token; agent id already",
      "enrolled); 2 usage error; 3 controller unreachable or not the one the token names."
    })
final class EnrollCommand implements Callable<Integer> {
  @Option(
      names = "--controller",
      required = true,
      paramLabel = "HOST:PORT",
      description =
          "The controller's address, e.g. controller.local:7443; several replicas separated by"
              + " commas, tried in turn.")
  String controller;

  @Option(
      names = "--token",
      required = true,
      paramLabel = "TOKEN",
      description = "The enrolment token printed by 'controller enroll create'.")
  String token;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "agent-data",
      description =
          "Data folder (the same as 'agent connect --data'). Default: ./${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(
      names = "--force",
      description = "Enrol again even though this data folder holds a certificate.")
  boolean force;

  @Override
  public Integer call() {
    Logger log = LoggerFactory.getLogger(EnrollCommand.class);
    ControllerEndpoints controllers;
    try {
      controllers = ControllerOption.endpoints(controller);
    } catch (IllegalArgumentException e) {
      log.error("{}", e.getMessage());
      return 2;
    }
    AgentDataDir data;
    try {
      data = AgentDataDir.open(dataDir);
    } catch (IOException e) {
      log.error("Cannot use the data folder: {}", e.getMessage());
      return 1;
    }
    AgentCredentials credentials = new AgentCredentials(data.path());
    if (credentials.exists() && !force) {
      log.error(
          "{} already holds this agent's certificate; pass --force to enrol again",
          credentials.dir());
      return 1;
    }
    try {
      return AgentEnrolment.enrol(controllers, token, data.agentId(), credentials, log);
    } catch (IOException e) {
      log.error("Cannot read the agent id: {}", e.getMessage());
      return 1;
    }
  }
}
