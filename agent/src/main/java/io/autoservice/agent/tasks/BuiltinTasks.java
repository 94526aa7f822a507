package io.autoservice.agent.tasks;

import io.autoservice.agent.tasks.disk.DiskSpaceReportHandler;
import io.autoservice.agent.tasks.hello.HelloServiceHandler;
import io.autoservice.agent.tasks.ping.PingTestHandler;
import java.util.ArrayList;
import java.util.List;

/** Every task type this agent ships with. */
public final class BuiltinTasks {
  private BuiltinTasks() {}

  public static TaskRegistry registry(boolean windows) {
    List<TaskHandler> all = new ArrayList<>();
    all.add(new HelloServiceHandler());
    all.add(new DiskSpaceReportHandler(windows));
    all.add(new PingTestHandler());
    // [integrity]
    // [disk-bench]
    // [drives-battery]
    // [network]
    // [updates-win11]
    return new TaskRegistry(all);
  }
}
