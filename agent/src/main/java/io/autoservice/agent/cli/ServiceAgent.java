package io.autoservice.agent.cli;

import io.autoservice.agent.service.ServiceLifecycle;
import java.util.concurrent.atomic.AtomicReference;

/** The fleet agent as the Windows service runs it: {@code agent connect}, stopped by the SCM. */
final class ServiceAgent implements ServiceLifecycle.Agent {
  private final ConnectCommand connect;
  private final AtomicReference<Runnable> stop = new AtomicReference<>();

  ServiceAgent(ConnectCommand connect) {
    this.connect = connect;
  }

  @Override
  public int run(Runnable onRunning) throws Exception {
    connect.stopControl =
        s -> {
          stop.set(s);
          onRunning.run();
        };
    return connect.call();
  }

  @Override
  public void stop() {
    Runnable s = stop.get();
    if (s != null) {
      s.run();
    }
  }
}
