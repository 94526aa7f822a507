package io.autoservice.agent.cli;

import io.autoservice.agent.fleet.ControllerChannels;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.EnrollRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the image build (agent/pom.xml): loads the classes the agent's commands use,
 * in one JVM, so that {@code -XX:ArchiveClassesAtExit} puts them in the image's class-data archive.
 * Help, version, task list, validation and a local plan run through the real command line; then one
 * call to a closed loopback port brings in the gRPC and Netty classes {@code connect} starts with.
 * Not a user command.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: CdsTraining PLAN.json");
      System.exit(2);
    }
    String plan = args[0];
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    AgentMain.commandLine().execute("--help");
    AgentMain.commandLine().execute("--version");
    AgentMain.commandLine().execute("tasks");
    AgentMain.commandLine().execute("validate", plan);
    int run = AgentMain.commandLine().execute("run", plan);
    if (run != 0) {
      System.err.println("training: the plan's run exited " + run);
      System.exit(1);
    }
    callClosedPort();
    System.exit(0);
  }

  private static void callClosedPort() throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ManagedChannel channel = ControllerChannels.plaintext("127.0.0.1:" + port, "cds-training");
    try {
      AgentGatewayGrpc.newBlockingStub(channel)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .enroll(EnrollRequest.getDefaultInstance());
    } catch (StatusRuntimeException expected) {
      // nobody listens there: the connection attempt is the point
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
