package io.autoservice.controller.store;

/**
 * What differs between the SQL engines the store runs on. The store's statements are written in the
 * subset SQLite and PostgreSQL share ({@code INSERT … ON CONFLICT}, {@code LIMIT ?}, integer
 * microsecond times, {@code BLOB}/{@code BYTEA} via {@code setBytes}); the schema is per engine.
 */
enum Dialect {
  SQLITE("classpath:db/sqlite");

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /**
   * A listing's report column: NULL (a listing shows no report), unless the stored text is not JSON
   * at all, which is passed on so the row is shown as unreadable, as when the run is opened. The
   * engine checks it without handing the report to Java.
   */
  String listedReportColumn() {
    return "CASE WHEN report_json IS NULL OR json_valid(report_json) THEN NULL ELSE report_json"
        + " END AS report_json";
  }

  /** Where this engine's Flyway migrations live. */
  String migrations() {
    return migrations;
  }
}
