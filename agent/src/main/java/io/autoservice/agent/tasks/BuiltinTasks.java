package io.autoservice.agent.tasks;

import io.autoservice.agent.tasks.disk.DiskSpaceReportHandler;
import io.autoservice.agent.tasks.hello.HelloServiceHandler;
import io.autoservice.agent.tasks.ping.PingTestHandler;
import java.util.List;

/** Every task type this agent ships with. */
public final class BuiltinTasks {
  private BuiltinTasks() {}

  public static TaskRegistry registry(boolean windows) {
    return new TaskRegistry(
        List.of(
            new HelloServiceHandler(),
            new DiskSpaceReportHandler(windows),
            new PingTestHandler()));
  }
}
