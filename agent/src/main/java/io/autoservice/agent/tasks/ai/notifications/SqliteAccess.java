package io.autoservice.agent.tasks.ai.notifications;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and changes Firefox's {@code permissions.sqlite}. Two ways, chosen by {@link
 * BrowserProfilesInventory#sqlite}: a JDBC driver for {@code jdbc:sqlite:} on the class path
 * ({@link SqliteJdbc}; the agent does not bundle one yet), else the {@code sqlite3} command-line
 * program ({@link SqliteCli}); with neither, Firefox is skipped with a note.
 */
interface SqliteAccess {
  /** The sites allowed to notify. */
  String SELECT_ALLOWED =
      "SELECT origin FROM moz_perms WHERE type = 'desktop-notification' AND permission = 1 ORDER BY origin";

  /**
   * Blocks one site's notifications (the original's statement named columns that do not exist:
   * {@code SET capability = 2 … AND permission = 'desktop-notification'}, and always failed).
   */
  String BLOCK =
      "UPDATE moz_perms SET permission = 2 WHERE origin = ? AND type = 'desktop-notification'";

  /** The statement that undoes {@link #BLOCK}, for the {@code restore} instruction. */
  String ALLOW =
      "UPDATE moz_perms SET permission = 1 WHERE origin = ? AND type = 'desktop-notification'";

  /** For messages, e.g. {@code sqlite3 (/usr/bin/sqlite3)}. */
  String describe();

  /** {@link #SELECT_ALLOWED} on {@code db}. */
  List<String> allowedOrigins(Path db) throws IOException;

  /** {@link #BLOCK} on {@code db}; the number of rows changed. */
  int block(Path db, String origin) throws IOException;

  /** {@code sql} with its one {@code ?} replaced by {@code value} as an SQL string literal. */
  static String inline(String sql, String value) {
    return sql.replace("?", "'" + value.replace("'", "''") + "'");
  }
}
