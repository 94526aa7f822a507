package io.autoservice.agent.cli;

import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.plan.ParamSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code agent tasks}: the task types this agent runs, with their parameters. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Lists the task types this agent can run, with parameters and default timeouts.")
final class TasksCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (TaskHandler h : BuiltinTasks.registry(ToolLocator.system().isWindows()).all()) {
      TaskDescriptor d = h.descriptor();
      out.printf(
          "%s%s — %s (default timeout %s)%n",
          d.type(), d.requiresWindows() ? " [Windows]" : "", d.description(), d.defaultTimeout());
      for (ParamSpec p : PlanValidator.schemaFor(h).specs()) {
        out.printf(
            "    %-22s %-18s %s%s%s%n",
            p.name(),
            p.type().expected(),
            p.required() ? "(required) " : "",
            p.description(),
            p.defaultValue() == null ? "" : " Default: " + p.defaultValue());
      }
    }
    out.flush();
    return 0;
  }
}
