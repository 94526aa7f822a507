package io.autoservice.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.service.ServiceControlManager.Control;
import io.autoservice.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServiceLifecycleTest {
  private static final Duration TICK = Duration.ofMillis(10);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final FakeScm scm = new FakeScm();

  /**
   * An agent running a long task: stop requests the task's cancel, then its report is delivered
   * once the test says so; run returns when the agent is stopped.
   */
  private static final class AgentWithATask implements ServiceLifecycle.Agent {
    final CountDownLatch cancelRequested = new CountDownLatch(1);
    final CountDownLatch deliver = new CountDownLatch(1);
    volatile boolean reportDelivered;
    private final CountDownLatch stopped = new CountDownLatch(1);
    volatile int exitCode;
    volatile Duration startupTime = Duration.ZERO;

    @Override
    public int run(Runnable onRunning) throws Exception {
      Thread.sleep(startupTime.toMillis());
      onRunning.run();
      stopped.await();
      return exitCode;
    }

    @Override
    public void stop() throws Exception {
      cancelRequested.countDown();
      deliver.await();
      reportDelivered = true;
      stopped.countDown();
    }
  }

  private CompletableFuture<Void> dispatch(ServiceLifecycle lifecycle) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            scm.runDispatcher("AutoServiceAgent", lifecycle);
          } catch (ScmException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private List<ServiceState> states() {
    return scm.statuses.stream().map(ServiceStatus::state).distinct().toList();
  }

  private void awaitState(ServiceState state) throws Exception {
    Eventually.until(
        "the service " + state + " (statuses " + scm.statuses + ")",
        WAIT,
        () -> scm.statuses.stream().anyMatch(s -> s.state() == state));
  }

  @Test
  void startPendingThenRunningAcceptingStopAndShutdown() throws Exception {
    AgentWithATask agent = new AgentWithATask();
    agent.startupTime = Duration.ofMillis(100);
    CompletableFuture<Void> done = dispatch(new ServiceLifecycle(agent, TICK, WAIT, LIMIT));

    awaitState(ServiceState.RUNNING);

    List<ServiceStatus> starting =
        scm.statuses.stream().filter(s -> s.state() == ServiceState.START_PENDING).toList();
    assertThat(starting).hasSizeGreaterThan(2);
    assertThat(starting).extracting(ServiceStatus::checkPoint).isSorted().doesNotHaveDuplicates();
    assertThat(starting).allMatch(s -> !s.acceptsStop() && s.waitHint().equals(WAIT));
    assertThat(scm.statuses.get(scm.statuses.size() - 1).acceptsStop()).isTrue();
    assertThat(done).isNotDone();
    agent.deliver.countDown();
    scm.control(Control.STOP);
    done.get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(
      value = Control.class,
      names = {"STOP", "SHUTDOWN"})
  void stopCancelsTheTaskReportsStopPendingAndStopsOnlyOnceItsReportIsDelivered(Control control)
      throws Exception {
    AgentWithATask agent = new AgentWithATask();
    ServiceLifecycle lifecycle = new ServiceLifecycle(agent, TICK, WAIT, LIMIT);
    CompletableFuture<Void> done = dispatch(lifecycle);
    awaitState(ServiceState.RUNNING);

    assertThat(scm.control(control)).isTrue();

    assertThat(agent.cancelRequested.await(10, TimeUnit.SECONDS)).isTrue();
    Eventually.until(
        "several STOP_PENDING checkpoints",
        WAIT,
        () ->
            scm.statuses.stream().filter(s -> s.state() == ServiceState.STOP_PENDING).count() >= 3);
    assertThat(states()).doesNotContain(ServiceState.STOPPED);
    agent.deliver.countDown();
    done.get(10, TimeUnit.SECONDS);

    assertThat(states())
        .containsExactly(
            ServiceState.START_PENDING,
            ServiceState.RUNNING,
            ServiceState.STOP_PENDING,
            ServiceState.STOPPED);
    List<ServiceStatus> stopping =
        scm.statuses.stream().filter(s -> s.state() == ServiceState.STOP_PENDING).toList();
    assertThat(stopping).extracting(ServiceStatus::checkPoint).isSorted().doesNotHaveDuplicates();
    assertThat(stopping).allMatch(s -> !s.acceptsStop());
    assertThat(agent.reportDelivered).isTrue();
    ServiceStatus last = scm.statuses.get(scm.statuses.size() - 1);
    assertThat(last.state()).isEqualTo(ServiceState.STOPPED);
    assertThat(last.win32ExitCode()).isZero();
    assertThat(lifecycle.exitCode()).isZero();
  }

  @Test
  void anAgentThatCannotStartStopsTheServiceWithItsExitCodeAsAServiceSpecificError()
      throws Exception {
    ServiceLifecycle lifecycle =
        new ServiceLifecycle(
            new ServiceLifecycle.Agent() {
              @Override
              public int run(Runnable onRunning) {
                return 1; // e.g. not enrolled
              }

              @Override
              public void stop() {}
            },
            TICK,
            WAIT,
            LIMIT);

    dispatch(lifecycle).get(10, TimeUnit.SECONDS);

    assertThat(states()).containsExactly(ServiceState.START_PENDING, ServiceState.STOPPED);
    ServiceStatus last = scm.statuses.get(scm.statuses.size() - 1);
    assertThat(last.win32ExitCode()).isEqualTo(ScmException.ERROR_SERVICE_SPECIFIC_ERROR);
    assertThat(last.serviceExitCode()).isEqualTo(1);
    assertThat(lifecycle.exitCode()).isEqualTo(1);
  }

  @Test
  void anAgentTheControllerRefusesStopsTheServiceWithExitThreeSoTheSCMRecordsAFailure()
      throws Exception {
    AgentWithATask agent = new AgentWithATask();
    agent.exitCode = 3;
    ServiceLifecycle lifecycle = new ServiceLifecycle(agent, TICK, WAIT, LIMIT);
    CompletableFuture<Void> done = dispatch(lifecycle);
    awaitState(ServiceState.RUNNING);

    agent.deliver.countDown();
    agent.stop(); // the agent ends on its own, not through the SCM

    done.get(10, TimeUnit.SECONDS);
    ServiceStatus last = scm.statuses.get(scm.statuses.size() - 1);
    assertThat(last.state()).isEqualTo(ServiceState.STOPPED);
    assertThat(last.win32ExitCode()).isEqualTo(ScmException.ERROR_SERVICE_SPECIFIC_ERROR);
    assertThat(last.serviceExitCode()).isEqualTo(3);
    assertThat(states()).doesNotContain(ServiceState.STOP_PENDING);
  }

  @Test
  void anAgentThatDoesNotStopWithinTheLimitIsReportedStoppedAnyway() throws Exception {
    AgentWithATask agent = new AgentWithATask(); // its report is never delivered
    ServiceLifecycle lifecycle = new ServiceLifecycle(agent, TICK, WAIT, Duration.ofMillis(300));
    CompletableFuture<Void> done = dispatch(lifecycle);
    awaitState(ServiceState.RUNNING);

    scm.control(Control.STOP);

    done.get(10, TimeUnit.SECONDS);
    assertThat(agent.cancelRequested.getCount()).isZero();
    assertThat(states())
        .containsExactly(
            ServiceState.START_PENDING,
            ServiceState.RUNNING,
            ServiceState.STOP_PENDING,
            ServiceState.STOPPED);
    agent.deliver.countDown();
  }

  @Test
  void stopIsNotDeliveredWhileTheServiceIsStillStarting() throws Exception {
    AgentWithATask agent = new AgentWithATask();
    agent.startupTime = Duration.ofSeconds(1);
    CompletableFuture<Void> done = dispatch(new ServiceLifecycle(agent, TICK, WAIT, LIMIT));
    awaitState(ServiceState.START_PENDING);

    assertThat(scm.control(Control.STOP)).isFalse();

    awaitState(ServiceState.RUNNING);
    agent.deliver.countDown();
    assertThat(scm.control(Control.STOP)).isTrue();
    done.get(10, TimeUnit.SECONDS);
  }
}
