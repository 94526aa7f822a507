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

  /** Where this engine's Flyway migrations live. */
  String migrations() {
    return migrations;
  }
}
