package io.autoservice.agent.cli;

import io.autoservice.agent.fleet.tls.AgentCredentials;
import io.autoservice.agent.service.ScmException;
import io.autoservice.agent.service.ServiceCommandLine;
import io.autoservice.agent.service.ServiceControlManager;
import io.autoservice.agent.service.ServiceControlManagers;
import io.autoservice.agent.service.ServiceDefinition;
import io.autoservice.agent.service.ServiceInstaller;
import io.autoservice.agent.service.ServiceLifecycle;
import io.autoservice.common.net.ControllerAddresses;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agent service install|uninstall|start|stop}: the agent as a Windows service answering the
 * service control manager itself; {@code service run} (hidden) is what the SCM starts.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    versionProvider = AgentMain.Version.class,
    description = {
      "Windows only: installs, removes, starts and stops the agent as a Windows service",
      "(LocalSystem, automatic start, restarted on failure). Run from an elevated prompt.",
      "On Linux use systemd (deploy/linux/install-agent.sh).",
      "Exit status: 0 done; 1 it cannot be done (the reason is printed); 2 usage error."
    },
    subcommands = CommandLine.HelpCommand.class)
final class ServiceCommand {
  static final String DEFAULT_NAME = "AutoServiceAgent";

  /** JVM flags of the service's process; -Xrs leaves stop and shutdown to the SCM's controls. */
  static final List<String> JVM_FLAGS = List.of("-Xmx64m", "-XX:+UseSerialGC", "-Xrs");

  private final Supplier<Optional<ServiceControlManager>> scms;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  ServiceCommand() {
    this(ServiceControlManagers::forThisOs);
  }

  /** With the SCM tests fake. */
  ServiceCommand(Supplier<Optional<ServiceControlManager>> scms) {
    this.scms = scms;
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = "Registers the service (enrol first: agent enroll ... --data DIR).")
  int install(
      @Option(
              names = "--controller",
              required = true,
              paramLabel = "HOST:PORT",
              description =
                  "The controller's agent gateway, e.g. controller.shop.lan:7443; several"
                      + " replicas separated by commas.")
          String controller,
      @Option(names = "--config", paramLabel = "FILE", description = "Agent config file.")
          Path config,
      @Option(
              names = "--data",
              paramLabel = "DIR",
              description = "Data folder (default: %ProgramData%\\AutoService Agent).")
          Path data,
      @Option(
              names = "--name",
              paramLabel = "NAME",
              defaultValue = DEFAULT_NAME,
              description = "Service name (default: ${DEFAULT-VALUE}).")
          String name)
      throws InterruptedException {
    try {
      ControllerAddresses.parse("--controller", controller);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Path dataDir = (data != null ? data : defaultDataDir()).toAbsolutePath();
    List<String> args =
        new ArrayList<>(
            List.of(
                "service",
                "run",
                "--name",
                name,
                "--controller",
                controller,
                "--data",
                dataDir.toString()));
    if (config != null) {
      args.addAll(List.of("--config", config.toAbsolutePath().toString()));
    }
    String commandLine =
        ServiceCommandLine.of(
            Path.of(System.getProperty("java.home"), "bin", "java.exe").toString(),
            JVM_FLAGS,
            agentJar(),
            args);
    ServiceDefinition service =
        new ServiceDefinition(
            name,
            "AutoService Fleet agent",
            "Runs maintenance and diagnostic tasks on this PC for the AutoService Fleet controller "
                + controller
                + " (data: "
                + dataDir
                + ").",
            commandLine,
            ServiceDefinition.LOCAL_SYSTEM,
            true,
            ServiceDefinition.FailureActions.standard());
    return withInstaller(
        installer -> {
          installer.install(service);
          if (!new AgentCredentials(dataDir).exists()) {
            err()
                .println(
                    "warning: "
                        + dataDir
                        + " holds no certificate yet: the service cannot start until you run 'agent"
                        + " enroll --controller "
                        + controller
                        + " --token TOKEN --data \""
                        + dataDir
                        + "\"'");
          }
        });
  }

  @Command(
      name = "uninstall",
      mixinStandardHelpOptions = true,
      description = "Stops and removes the service.")
  int uninstall(@Option(names = "--name", defaultValue = DEFAULT_NAME) String name)
      throws InterruptedException {
    return withInstaller(installer -> installer.uninstall(name));
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Starts the service; waits until it runs.")
  int start(@Option(names = "--name", defaultValue = DEFAULT_NAME) String name)
      throws InterruptedException {
    return withInstaller(installer -> installer.start(name));
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stops the service (the running task is cancelled and reported); waits.")
  int stop(@Option(names = "--name", defaultValue = DEFAULT_NAME) String name)
      throws InterruptedException {
    return withInstaller(installer -> installer.stop(name));
  }

  @Command(
      name = "run",
      hidden = true,
      description = "What the service manager starts: 'agent connect' answering the SCM.")
  int run(
      @Option(names = "--name", defaultValue = DEFAULT_NAME) String name,
      @Option(names = "--controller", required = true) String controller,
      @Option(names = "--config") Path config,
      @Option(names = "--data", required = true) Path data) {
    Optional<ServiceControlManager> scm = scms.get();
    if (scm.isEmpty()) {
      err().println(ServiceControlManagers.WINDOWS_ONLY);
      return 1;
    }
    logTo(data.resolve("service.log"));
    ConnectCommand connect = new ConnectCommand();
    connect.controller = controller;
    connect.configFile = config;
    connect.dataDir = data;
    ServiceLifecycle lifecycle = ServiceLifecycle.of(new ServiceAgent(connect));
    try {
      scm.get().runDispatcher(name, lifecycle);
    } catch (ScmException e) {
      err().println("error: " + e.explain());
      return 1;
    }
    return Math.max(lifecycle.exitCode(), 0);
  }

  private interface Step {
    void run(ServiceInstaller installer)
        throws ServiceInstaller.InstallException, InterruptedException;
  }

  private int withInstaller(Step step) throws InterruptedException {
    Optional<ServiceControlManager> scm = scms.get();
    if (scm.isEmpty()) {
      err().println(ServiceControlManagers.WINDOWS_ONLY);
      return 1;
    }
    ServiceInstaller installer =
        new ServiceInstaller(
            scm.get(),
            ServiceInstaller.Sleeper.REAL,
            Duration.ofSeconds(60),
            line -> spec.commandLine().getOut().println(line));
    try {
      step.run(installer);
      return 0;
    } catch (ServiceInstaller.InstallException e) {
      err().println("error: " + e.getMessage());
      return 1;
    }
  }

  private java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static Path defaultDataDir() {
    String programData = System.getenv("ProgramData");
    return Path.of(programData != null ? programData : "C:\\ProgramData", "AutoService Agent");
  }

  /** The jar (or classes folder) this agent runs from: the service starts the same one. */
  private static String agentJar() {
    try {
      return Path.of(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the agent's jar", e);
    }
  }

  /**
   * A service has no console: its log lines (stderr) go to this file, appended. Must run before the
   * first logger is made.
   */
  private static void logTo(Path file) {
    try {
      Files.createDirectories(file.getParent());
      System.setErr(
          new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8));
    } catch (IOException e) {
      System.err.println("warning: cannot log to " + file + ": " + e.getMessage());
    }
  }
}
