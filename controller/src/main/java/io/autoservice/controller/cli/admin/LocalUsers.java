package io.autoservice.controller.cli.admin;

import io.autoservice.common.auth.Role;
import io.autoservice.common.settings.SettingsException;
import io.autoservice.console.client.ConsoleException;
import io.autoservice.console.client.UserAdmin;
import io.autoservice.console.view.UserRow;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.PasswordHasher;
import io.autoservice.controller.auth.Passwords;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.StoreException;
import io.autoservice.controller.store.StoreLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code users … --data DIR}: user management straight on a controller's database, for when no
 * admin token is at hand (the first admin's was lost, or every admin was revoked). SQLite lets it
 * write beside a running controller (one writer at a time, across processes), and the controller
 * reads users at every call, so a change takes effect at once; the changes are audited with actor
 * {@code local:<OS user>} from {@code local}.
 */
final class LocalUsers implements UserAdmin, AutoCloseable {
  private final Database db;
  private final TokenStore tokens;
  private final AuditLog audit;
  private final Passwords passwords;
  private final String actor = "local:" + System.getProperty("user.name", "unknown");

  private LocalUsers(Database db) {
    this.db = db;
    this.tokens = new TokenStore(db.stores().users(), Clock.systemUTC());
    this.audit = new AuditLog(db.stores().audit(), Clock.systemUTC());
    this.passwords = new Passwords(db.stores().users(), new PasswordHasher());
  }

  /**
   * Opens the controller database in {@code dataDir}, which must exist. A running controller may
   * hold it too (SQLite in WAL mode takes one writer at a time, across processes).
   */
  static LocalUsers open(Path dataDir) {
    return open(dataDir, System.getenv());
  }

  /**
   * As above, unless {@code AUTOSERVICE_STORE_URL} (and its user and password file) in {@code env}
   * names a PostgreSQL store: then that one, as the controller would open it. A data folder a store
   * was migrated out of still holds the old embedded copy, which must not be edited by mistake.
   */
  static LocalUsers open(Path dataDir, java.util.Map<String, String> env) {
    StoreLocation where;
    try {
      where = ControllerSettings.resolve(null, env, null, dataDir).settings().storeLocation();
    } catch (SettingsException | java.io.IOException | IllegalArgumentException e) {
      throw refused("the store settings do not read: " + e.getMessage(), e);
    }
    if (!where.shared() && !Database.existsIn(dataDir)) {
      throw refused(
          "no controller database in "
              + dataDir.toAbsolutePath()
              + " (expected: "
              + Database.fileIn(dataDir)
              + "; is it the controller's --data folder?)",
          null);
    }
    try {
      return new LocalUsers(Database.open(where, dataDir, Clock.systemUTC()));
    } catch (Exception e) {
      throw refused(
          "cannot open the database of " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public UserRow.Created addUser(String name, Role role) {
    TokenStore.Issued issued = call(() -> tokens.add(name, role));
    audit.append(
        actor, "local", AuditLog.USER_ADD, name, "role " + role.wireName() + " (--data)", null);
    return new UserRow.Created(row(issued.user()), issued.token());
  }

  @Override
  public List<UserRow> users() {
    return call(() -> tokens.list().stream().map(LocalUsers::row).toList());
  }

  @Override
  public UserRow revokeUser(String name) {
    boolean wasValid = tokens.find(name).map(u -> !u.revoked()).orElse(false);
    User u = call(() -> tokens.revoke(name));
    if (wasValid) {
      audit.append(
          actor,
          "local",
          AuditLog.USER_REVOKE,
          name,
          "role " + u.role().wireName() + " (--data)",
          null);
    }
    return row(u);
  }

  @Override
  public UserRow setPassword(String name, String password) {
    User u = call(() -> passwords.set(name, password));
    audit.append(actor, "local", AuditLog.USER_PASSWORD, name, "password set (--data)", null);
    return row(u);
  }

  @Override
  public void close() {
    db.close();
  }

  private interface Work<T> {
    T get() throws Refusal;
  }

  private static <T> T call(Work<T> work) {
    try {
      return work.get();
    } catch (Refusal e) {
      throw new ConsoleException(ConsoleException.Kind.REFUSED, e.code().name(), e.getMessage(), e);
    } catch (StoreException e) {
      throw refused("the database failed: " + e.getMessage(), e);
    }
  }

  private static UserRow row(User u) {
    return new UserRow(u.name(), u.role(), u.createdAt(), u.revokedAt());
  }

  private static ConsoleException refused(String message, Throwable cause) {
    return new ConsoleException(ConsoleException.Kind.REFUSED, "LOCAL", message, cause);
  }
}
