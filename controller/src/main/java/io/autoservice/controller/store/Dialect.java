package io.autoservice.controller.store;

/**
 * What differs between the SQL engines the store runs on. The store's statements are written in the
 * subset SQLite and PostgreSQL share ({@code INSERT … ON CONFLICT}, {@code LIMIT ?}, integer
 * microsecond times, {@code BLOB}/{@code BYTEA} via {@code setBytes}); the schema is per engine,
 * with the same version numbers so both move together, and every statement that cannot be shared is
 * here.
 */
public enum Dialect {
  SQLITE("classpath:db/sqlite"),
  POSTGRESQL("classpath:db/postgresql");

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /**
   * A listing's report column: NULL (a listing shows no report), unless the stored text is not JSON
   * at all, which is passed on so the row is shown as unreadable, as when the run is opened. The
   * engine checks it without handing the report to Java. ({@code json_valid} is SQLite's; the
   * PostgreSQL schema defines one of the same name and meaning, V1.)
   */
  String listedReportColumn() {
    return "CASE WHEN report_json IS NULL OR json_valid(report_json) THEN NULL ELSE report_json"
        + " END AS report_json";
  }

  /**
   * Statements that make the probe's transaction give up after {@code millis} instead of waiting
   * for a lock, run inside it; on SQLite the busy timeout is set around the BEGIN instead.
   */
  String[] probeTimeouts(long millis) {
    return switch (this) {
      case SQLITE -> new String[0];
      case POSTGRESQL ->
          new String[] {
            "SET LOCAL lock_timeout = " + millis, "SET LOCAL statement_timeout = " + millis
          };
    };
  }

  /**
   * A statement run first in an enrolment's transaction so the "is this agent id taken" check and
   * the new certificate are one step for every other enrolment (empty: none needed). SQLite's
   * writers begin IMMEDIATE, holding the one write lock already; PostgreSQL's read committed
   * transactions would otherwise both see the id free.
   */
  String enrolmentLock() {
    return switch (this) {
      case SQLITE -> "";
      case POSTGRESQL -> "LOCK TABLE agent_certificates IN SHARE ROW EXCLUSIVE MODE";
    };
  }

  /** Where this engine's Flyway migrations live. */
  String migrations() {
    return migrations;
  }
}
