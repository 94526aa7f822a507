package io.autoservice.controller.store;

import io.autoservice.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The engines the store runs on, for tests that must hold on both ({@code @EnumSource}): each test
 * gets a store of its own (a data folder, or a fresh PostgreSQL database).
 */
public enum Engine {
  SQLITE,
  POSTGRESQL;

  public Database open(Path dataDir) throws IOException {
    return Database.open(location(), dataDir, Clock.systemUTC());
  }

  /** Where a new store of this engine is. */
  public StoreLocation location() {
    return switch (this) {
      case SQLITE -> StoreLocation.EMBEDDED;
      case POSTGRESQL -> {
        TestPostgres.Db db = TestPostgres.shared().newDatabase();
        yield StoreLocation.of(db.url(), db.user(), db.password(), 4);
      }
    };
  }
}
