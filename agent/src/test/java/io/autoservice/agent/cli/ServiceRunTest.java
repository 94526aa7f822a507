package io.autoservice.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.service.ServiceControlManager.Control;
import io.autoservice.agent.service.ServiceLifecycle;
import io.autoservice.agent.service.ServiceState;
import io.autoservice.agent.service.ServiceStatus;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.EventAck;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.Welcome;
import io.autoservice.testsupport.Eventually;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's lifecycle around the real fleet agent ({@code agent connect}, plaintext to a
 * loopback controller): a stop from the service manager while a task runs cancels it, and the run's
 * report reaches the controller before the service reports STOPPED.
 */
class ServiceRunTest {
  @TempDir Path tmp;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();

  private final List<RunEvent> events = new CopyOnWriteArrayList<>();
  private final List<ServiceStatus> statuses = new CopyOnWriteArrayList<>();
  private volatile boolean reportReceivedWhenStopped;

  @Test
  void aStopWhileATaskRunsDeliversTheCancelledRunsReportBeforeStopped() throws Exception {
    Server server =
        grpc.register(
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Controller())
                .build()
                .start());
    ConnectCommand connect = new ConnectCommand();
    connect.controller = "127.0.0.1:" + server.getPort();
    connect.dataDir = tmp.resolve("agent-data");
    connect.insecure = true;
    ServiceLifecycle lifecycle =
        new ServiceLifecycle(
            new ServiceAgent(connect),
            Duration.ofMillis(50),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    CompletableFuture<Void> service =
        CompletableFuture.runAsync(
            () ->
                lifecycle.run(
                    s -> {
                      if (s.state() == ServiceState.STOPPED) {
                        reportReceivedWhenStopped =
                            events.stream().anyMatch(RunEvent::hasRunFinished);
                      }
                      statuses.add(s);
                    }));
    Eventually.until(
        "the task running (events " + events + ")",
        Duration.ofSeconds(30),
        () -> events.stream().anyMatch(RunEvent::hasTaskStarted));
    assertThat(statuses).extracting(ServiceStatus::state).contains(ServiceState.RUNNING);

    lifecycle.onControl(Control.STOP);

    service.get(30, TimeUnit.SECONDS);
    RunEvent finished = events.stream().filter(RunEvent::hasRunFinished).findFirst().orElseThrow();
    assertThat(finished.getRunFinished().getReport().getStatus())
        .isEqualTo(RunStatus.RUN_STATUS_CANCELLED);
    assertThat(reportReceivedWhenStopped).as("the report reached the controller first").isTrue();
    assertThat(statuses).extracting(ServiceStatus::state).contains(ServiceState.STOP_PENDING);
    ServiceStatus last = statuses.get(statuses.size() - 1);
    assertThat(last.state()).isEqualTo(ServiceState.STOPPED);
    assertThat(last.win32ExitCode()).isZero();
    assertThat(lifecycle.exitCode()).isZero();
  }

  private static io.autoservice.common.plan.Plan fiveMinuteTask() {
    try {
      return PlanParser.parse(
          "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":300}}]}");
    } catch (io.autoservice.common.plan.PlanException e) {
      throw new AssertionError(e);
    }
  }

  /** Welcomes the agent, assigns it a five-minute task, acks every event. */
  private final class Controller extends AgentGatewayGrpc.AgentGatewayImplBase {
    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> out) {
      return new StreamObserver<>() {
        @Override
        public synchronized void onNext(AgentMessage m) {
          if (m.hasHello()) {
            out.onNext(
                ControllerMessage.newBuilder()
                    .setWelcome(
                        Welcome.newBuilder()
                            .setAgentId(m.getHello().getAgentId())
                            .setHeartbeatIntervalSeconds(15))
                    .build());
            out.onNext(
                ControllerMessage.newBuilder()
                    .setAssignRun(
                        AssignRun.newBuilder()
                            .setRunId("run-1")
                            .setPlan(WireMapper.toProto(fiveMinuteTask())))
                    .build());
          } else if (m.hasRunEvent()) {
            events.add(m.getRunEvent());
            out.onNext(
                ControllerMessage.newBuilder()
                    .setEventAck(
                        EventAck.newBuilder()
                            .setRunId(m.getRunEvent().getRunId())
                            .setSequence(m.getRunEvent().getSequence()))
                    .build());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public synchronized void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }
}
