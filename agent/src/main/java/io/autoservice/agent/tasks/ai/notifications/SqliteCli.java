package io.autoservice.agent.tasks.ai.notifications;

import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SqliteAccess} through the {@code sqlite3} program: {@code sqlite3 -batch -bail <db>} with
 * the statements on stdin (so no quoting of SQL in a command line), list mode, one origin per line.
 * Origins never hold line breaks; the value in an UPDATE is an SQL literal with quotes doubled.
 */
final class SqliteCli implements SqliteAccess {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path exe;
  private final TaskContext ctx;

  SqliteCli(Path exe, TaskContext ctx) {
    this.exe = exe;
    this.ctx = ctx;
  }

  @Override
  public String describe() {
    return "sqlite3 (" + exe + ")";
  }

  @Override
  public List<String> allowedOrigins(Path db) throws IOException {
    ToolRun r = run(db, ".mode list\n.headers off\n" + SELECT_ALLOWED + ";\n");
    List<String> out = new ArrayList<>();
    for (String line : r.stdoutLines()) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }

  @Override
  public int block(Path db, String origin) throws IOException {
    ToolRun r =
        run(db, ".timeout 5000\n" + SqliteAccess.inline(BLOCK, origin) + ";\nSELECT changes();\n");
    for (int i = r.stdoutLines().size() - 1; i >= 0; i--) {
      String s = r.stdoutLines().get(i).strip();
      if (s.matches("\\d+")) {
        return Integer.parseInt(s);
      }
    }
    throw new IOException("sqlite3 did not say how many rows it changed");
  }

  private ToolRun run(Path db, String script) throws IOException {
    ToolRun r;
    try {
      r =
          ctx.tool(AiBrowserNotificationDisableHandler.SQLITE3)
              .at(exe)
              .args("-batch", "-bail", db.toString())
              .stdin(script)
              .charset(ToolCharset.utf8())
              .timeout(TIMEOUT)
              .quiet()
              .run();
    } catch (ToolNotRun e) {
      throw new IOException(e.reason(), e);
    }
    if (r.exitCode() != 0 || r.timedOut()) {
      String err = r.stderrLines().isEmpty() ? "exit " + r.exitCode() : r.stderr().strip();
      throw new IOException("sqlite3 failed on " + db + ": " + err);
    }
    return r;
  }
}
