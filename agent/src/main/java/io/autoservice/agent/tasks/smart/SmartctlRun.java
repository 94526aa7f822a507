package io.autoservice.agent.tasks.smart;

import io.autoservice.agent.process.OutputListener;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.process.ProcessSpec;
import io.autoservice.agent.process.StreamKind;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One smartctl process run to its end: its result and its whole output. The output is collected
 * from the live lines, since the process result may drop the middle of a long JSON.
 *
 * @param result the process result, or null when it could not be started
 * @param stdout all stdout lines joined with {@code \n}
 * @param stderr all stderr lines joined with {@code \n}
 * @param failure why it could not be started, or null
 */
record SmartctlRun(ProcessResult result, String stdout, String stderr, String failure) {

  /** Runs {@code cmd} (stdin closed, UTF-8 output) for at most {@code timeout}. */
  static SmartctlRun exec(TaskContext ctx, List<String> cmd, Duration timeout) {
    List<String> out = new ArrayList<>();
    List<String> err = new ArrayList<>();
    OutputListener listener =
        new OutputListener() {
          @Override
          public void onLine(StreamKind stream, String line) {
            List<String> into = stream == StreamKind.STDERR ? err : out;
            synchronized (into) {
              into.add(line);
            }
          }
        };
    try {
      ProcessResult r = ctx.execQuiet(ProcessSpec.of(cmd, timeout).withCharset(ToolCharset.utf8()), listener);
      String stdout;
      String stderr;
      synchronized (out) {
        stdout = out.size() >= r.stdoutLines().size() ? String.join("\n", out) : r.stdout();
      }
      synchronized (err) {
        stderr = err.size() >= r.stderrLines().size() ? String.join("\n", err) : r.stderr();
      }
      return new SmartctlRun(r, stdout, stderr, null);
    } catch (IOException e) {
      return new SmartctlRun(null, "", "", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** The last {@code max} characters of stdout and stderr. */
  String preview(int max) {
    String all = (stdout + "\n" + stderr).strip();
    return all.length() <= max ? all : all.substring(all.length() - max);
  }

  /** The last non-blank output line, or null. */
  String lastLine() {
    String[] lines = (stdout + "\n" + stderr).strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return null;
  }
}
