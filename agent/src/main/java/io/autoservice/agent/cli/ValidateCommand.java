package io.autoservice.agent.cli;

import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code agent validate PLAN}: parse and check a plan without running anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Parses and checks a plan without running anything.",
      "Prints the normalised plan on stdout and exits 0, or prints each problem with its place on",
      "stderr and exits 1. Unknown task types are noted on stderr; they would be skipped."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "PLAN",
      description = "A plan file, JSON text, or - for stdin.")
  String plan;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Plan parsed = PlanParser.parseSource(plan, System.in);
      PlanValidator.Validation v =
          new PlanValidator(BuiltinTasks.registry(ToolLocator.system().isWindows()))
              .validate(parsed);
      v.notes().forEach(n -> err.println("note: " + n));
      if (!v.ok()) {
        return problems(err, v.problems());
      }
      out.println(Json.pretty(parsed.toJson()));
      out.flush();
      return 0;
    } catch (PlanException e) {
      return problems(err, e.problems());
    }
  }

  private static int problems(PrintWriter err, List<String> problems) {
    problems.forEach(p -> err.println("error: " + p));
    err.flush();
    return 1;
  }
}
