package io.autoservice.agent.service;

import io.autoservice.agent.service.ServiceControlManager.Control;
import io.autoservice.agent.service.ServiceControlManager.StatusReporter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's life as a Windows service: START_PENDING while the agent starts (checkpoint moving),
 * RUNNING once it is, and on STOP or SHUTDOWN STOP_PENDING with a moving checkpoint while the
 * running task is cancelled and its report delivered, then STOPPED. An agent that cannot start, or
 * ends on its own (the controller refused it), is STOPPED with its exit code as a service-specific
 * error, so the SCM logs it and applies the restart actions.
 *
 * <p>One thread (the SCM's, in {@link #run}) owns the state and every status report; the agent, its
 * stop and the SCM's controls only post events to it.
 */
public final class ServiceLifecycle implements ServiceControlManager.ServiceHandler {
  private static final Logger log = LoggerFactory.getLogger(ServiceLifecycle.class);

  /** Exit code reported for an agent that ended before it was running without saying why. */
  static final int EXIT_START_FAILED = 1;

  /** What the service runs: the fleet agent, as {@code agent connect} runs it. */
  public interface Agent {
    /**
     * Runs the agent until it is stopped or ends; calls {@code onRunning} once it is up. Returns
     * its exit code (as {@code agent connect}'s).
     */
    int run(Runnable onRunning) throws Exception;

    /** Cancels the running task and delivers its report (bounded); blocks until done. */
    void stop() throws Exception;
  }

  private sealed interface Event permits Running, Exited, StopRequested, StopDone {}

  private record Running() implements Event {}

  private record Exited(int code) implements Event {}

  private record StopRequested(Control control) implements Event {}

  private record StopDone() implements Event {}

  private enum Phase {
    STARTING,
    RUNNING,
    STOPPING
  }

  private final Agent agent;
  private final Duration tick;
  private final Duration waitHint;
  private final Duration stopLimit;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile int exitCode = -1;

  /**
   * @param tick how often a pending state's checkpoint moves
   * @param waitHint the time the SCM is told to allow until the next checkpoint (a few ticks)
   * @param stopLimit how long a stop may take before STOPPED is reported anyway: a moving
   *     checkpoint keeps the SCM (and a shutting-down Windows) waiting for as long as it moves
   */
  public ServiceLifecycle(Agent agent, Duration tick, Duration waitHint, Duration stopLimit) {
    this.agent = agent;
    this.tick = tick;
    this.waitHint = waitHint;
    this.stopLimit = stopLimit;
  }

  /**
   * Ticks every second; the SCM allows 5 s between checkpoints; a stop gets 30 s (the agent
   * delivers the cancelled run's report within 10 s, else it stays journaled for the next start).
   */
  public static ServiceLifecycle of(Agent agent) {
    return new ServiceLifecycle(
        agent, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  /** The exit code the service stopped with (0 a clean stop); -1 while it runs. */
  public int exitCode() {
    return exitCode;
  }

  @Override
  public void onControl(Control control) {
    if (control == Control.STOP || control == Control.SHUTDOWN) {
      events.add(new StopRequested(control));
    }
  }

  @Override
  public void run(StatusReporter status) {
    int checkPoint = 1;
    status.report(ServiceStatus.pending(ServiceState.START_PENDING, checkPoint, waitHint));
    daemon("agent-service", this::runAgent).start();
    Phase phase = Phase.STARTING;
    boolean stopDone = false;
    Integer exited = null;
    long stopDeadline = Long.MAX_VALUE;
    while (true) {
      Event e = next();
      if (phase == Phase.STOPPING && System.nanoTime() - stopDeadline > 0) {
        log.error(
            "The agent did not stop within {} s; the service stops without it",
            stopLimit.toSeconds());
        finish(status, exited == null ? 0 : exited);
        return;
      }
      if (e == null) {
        if (phase != Phase.RUNNING) {
          ServiceState pending =
              phase == Phase.STARTING ? ServiceState.START_PENDING : ServiceState.STOP_PENDING;
          status.report(ServiceStatus.pending(pending, ++checkPoint, waitHint));
        }
        continue;
      }
      if (e instanceof Exited x) {
        exited = x.code();
        if (phase == Phase.STARTING) {
          int code = exited == 0 ? EXIT_START_FAILED : exited;
          log.error("The agent service could not start (exit {}); see the lines above", code);
          finish(status, code);
          return;
        }
        if (phase == Phase.RUNNING) {
          log.error("The agent ended on its own (exit {}); the service stops", exited);
          finish(status, exited == 0 ? EXIT_START_FAILED : exited);
          return;
        }
      } else if (e instanceof Running && phase == Phase.STARTING) {
        phase = Phase.RUNNING;
        status.report(ServiceStatus.running());
        log.info("The agent service is running");
      } else if (e instanceof StopRequested s && phase == Phase.RUNNING) {
        phase = Phase.STOPPING;
        stopDeadline = System.nanoTime() + stopLimit.toNanos();
        checkPoint = 1;
        status.report(ServiceStatus.pending(ServiceState.STOP_PENDING, checkPoint, waitHint));
        log.info("{} from the service manager: cancelling the running task", s.control());
        daemon("agent-service-stop", this::stopAgent).start();
      } else if (e instanceof StopDone) {
        stopDone = true;
      }
      if (phase == Phase.STOPPING && stopDone && exited != null) {
        finish(status, exited);
        return;
      }
    }
  }

  private void finish(StatusReporter status, int code) {
    exitCode = code;
    status.report(ServiceStatus.stopped(code));
  }

  private Event next() {
    try {
      return events.poll(tick.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // Interrupted: stop as if asked, so the running task still reports. The flag is not set
      // again, or every later poll would throw at once and this loop would spin.
      return new StopRequested(Control.STOP);
    }
  }

  private void runAgent() {
    int code;
    try {
      code = agent.run(() -> events.add(new Running()));
    } catch (Exception | Error e) {
      log.error("The agent failed: {}", e.toString(), e);
      code = EXIT_START_FAILED;
    }
    events.add(new Exited(code));
  }

  private void stopAgent() {
    try {
      agent.stop();
    } catch (Exception | Error e) {
      log.error("Stopping the agent failed: {}", e.toString(), e);
    }
    events.add(new StopDone());
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
