package io.autoservice.controller.cli.admin;

import io.autoservice.console.render.Terminal;
import io.autoservice.controller.backup.BackupException;
import io.autoservice.controller.backup.Restorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code controller restore --from FILE --data DIR}: a backup back into a data folder. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restores a backup written by 'controller backup' into a data folder, for a stopped"
          + " controller: the database and tls/ (the same CA, so enrolled agents and their"
          + " certificates stay trusted, and the same users and tokens work).",
      "It checks the manifest and the SHA-256 of every entry first (a damaged or altered backup"
          + " is refused, naming the entry) and refuses while a controller has the folder's"
          + " database open. It unpacks into a new folder beside DIR and renames it into place;"
          + " with --force, what DIR held is kept beside it as DIR.before-restore-<time>.",
      "Report folders (reports/) are not in a backup: the controller writes those of runs"
          + " finished in the last 30 days again at its next start; older runs' reports stay in"
          + " the database (console 'report', web console), without a folder.",
      "Exit status: 0 done; 1 refused or failed; 2 usage error."
    })
public final class RestoreCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--from", paramLabel = "FILE", required = true, description = "The backup file.")
  Path from;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      required = true,
      description = "The data folder to restore into (new, empty, or with --force).")
  Path data;

  @Option(
      names = "--force",
      description = "Restore into a folder that is not empty (its content is kept, renamed).")
  boolean force;

  @Override
  public Integer call() {
    // Paths and database messages reach the screen escaped, as every console line does.
    PrintWriter err = new Terminal(spec.commandLine().getErr());
    try {
      Restorer.Result r =
          new Restorer(Clock.systemUTC(), line -> BackupCommand.progress(err, line))
              .restore(from, data, force);
      err.println("restored into " + r.dataDir() + "; start the controller with --data " + data);
      if (r.reportsToExport() > 0) {
        err.println(
            r.reportsToExport()
                + " report folders (runs of the last 30 days) are written again at its start");
      }
      if (r.reportsNotExported() > 0) {
        err.println(
            r.reportsNotExported()
                + " older runs keep their reports in the database only (no folder in reports/)");
      }
      err.flush();
      return 0;
    } catch (BackupException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
