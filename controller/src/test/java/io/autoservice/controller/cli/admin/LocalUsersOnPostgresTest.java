package io.autoservice.controller.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.StoreLocation;
import io.autoservice.testsupport.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code users … --data DIR} on a controller whose store is in PostgreSQL (named by the
 * environment, as the controller's own): the user lands there, not in the data folder's old
 * embedded copy.
 */
class LocalUsersOnPostgresTest {
  @TempDir Path data;

  @Test
  void shouldAddTheUserToThePostgresStoreTheEnvironmentNamesNotToTheEmbeddedCopy()
      throws Exception {
    Database.open(data).close(); // the embedded store a migration left behind
    TestPostgres.Db pg = TestPostgres.shared().newDatabase();
    Map<String, String> env =
        Map.of("AUTOSERVICE_STORE_URL", pg.url(), "AUTOSERVICE_STORE_USER", pg.user());

    try (LocalUsers local = LocalUsers.open(data, env)) {
      local.addUser("rescue", Role.ADMIN);
    }

    try (Database shared =
        Database.open(
            StoreLocation.of(pg.url(), pg.user(), pg.password(), 2), data, Clock.systemUTC())) {
      assertThat(shared.stores().users().find("rescue")).isPresent();
    }
    try (Database embedded = Database.open(data)) {
      assertThat(embedded.stores().users().find("rescue")).isEmpty();
    }
  }
}
