package io.autoservice.agent.tasks.kvrt;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kvrt_scan}: scans the PC for malware with Kaspersky Virus Removal Tool.
 *
 * <p>No real KVRT console capture is known: the output format parsed is the one the original
 * runner's patterns expect ({@link KvrtOutputParser}). KVRT runs in its own folder, so every path
 * parameter is made absolute against the agent's working folder first.
 *
 * <p>Specification: docs/tasks.md#kvrt_scan.
 */
public final class KvrtScanHandler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

  private static final ParamSchema PARAMS = schema();

  private static ParamSchema schema() {
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(ParamSpec.optional("executable_path", ParamType.STRING, "KVRT.exe (or its folder)."));
    for (KvrtCommand.Flag f : KvrtCommand.FLAGS) {
      specs.add(
          ParamSpec.optional(f.param(), ParamType.BOOLEAN, f.description())
              .withDefault(BooleanNode.valueOf(f.defaultValue())));
    }
    specs.add(
        ParamSpec.optional("trace", ParamType.BOOLEAN, KvrtCommand.TRACE.description())
            .withDefault(BooleanNode.FALSE));
    specs.add(
        ParamSpec.optional(
            "quarantine_dir",
            ParamType.STRING,
            "Folder for KVRT's data, reports and quarantine (-d)."));
    specs.add(ParamSpec.optional("d", ParamType.STRING, "Alias of quarantine_dir."));
    specs.add(
        ParamSpec.optional(
            "modules_dir", ParamType.STRING, "Folder for KVRT's modules (-moddirpath)."));
    specs.add(ParamSpec.optional("moddirpath", ParamType.STRING, "Alias of modules_dir."));
    specs.add(
        ParamSpec.optional("tracelevel", ParamType.STRING, "Trace level (-tracelevel).")
            .withChoices(KvrtCommand.TRACE_LEVELS.toArray(String[]::new)));
    specs.add(
        ParamSpec.optional(
                "processlevel",
                ParamType.INTEGER,
                "Danger level of objects to neutralise: 0 none, 1 high, 2 high+medium, 3 all (-processlevel).")
            .withRange(0.0, 3.0));
    specs.add(
        ParamSpec.optional(
            "proxyconfig", ParamType.STRING, "Proxy configuration file (-proxyconfig)."));
    specs.add(ParamSpec.optional("custom_path", ParamType.STRING, "Scan this folder (-custom)."));
    specs.add(
        ParamSpec.optional(
            "custom_list_path",
            ParamType.STRING,
            "Scan the objects listed in this file (-customlist)."));
    specs.add(
        ParamSpec.optional(
            "additional_args", ParamType.STRING_LIST, "Extra KVRT options (each a bare -option)."));
    return ParamSchema.of(specs.toArray(ParamSpec[]::new));
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "kvrt_scan",
            "Scans for and removes malware with Kaspersky Virus Removal Tool (KVRT).",
            PARAMS,
            DEFAULT_TIMEOUT)
        .runs(Tool.KVRT)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    ToolCall call = ctx.tool(Tool.KVRT);
    Path exe;
    try {
      exe = call.locate();
    } catch (ToolNotRun e) {
      return KvrtOutcome.error(e.reason(), null);
    }
    KvrtCommand cmd;
    try {
      cmd = KvrtCommand.build(ctx.params(), Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      return KvrtOutcome.error(e.getMessage(), null);
    }
    KvrtOutputParser.Accumulator acc = new KvrtOutputParser.Accumulator();
    ToolRun run;
    try {
      run =
          call.args(cmd.args())
              .charset(ToolCharset.oem())
              .workingDir(exe.getParent())
              .onStdout(
                  line -> {
                    synchronized (acc) {
                      acc.accept(line);
                    }
                    KvrtOutputParser.progress(line)
                        .ifPresent(p -> ctx.progress(p.percent(), p.message()));
                  })
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(KvrtOutcome.error(e.reason(), cmd.intent()));
    }
    KvrtOutput parsed;
    synchronized (acc) {
      parsed = acc.result();
    }
    String stopped = null;
    if (run.timedOut()) {
      stopped = "KVRT did not finish within " + Durations.text(run.timeout()) + " and was stopped";
    } else if (run.cancelled()) {
      stopped =
          "KVRT was stopped ("
              + (ctx.cancellation().reason() == null ? "cancelled" : ctx.cancellation().reason())
              + ")";
    }
    return run.withCommand(
        KvrtOutcome.build(
            parsed, cmd.intent(), run.exitCode(), run.stdoutLines(), run.stderrLines(), stopped));
  }
}
