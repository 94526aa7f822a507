package io.autoservice.agent.tasks.ai.notifications;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SqliteAccess} through a JDBC driver for {@code jdbc:sqlite:} (e.g.
 * org.xerial:sqlite-jdbc), used when one is on the class path. Plain {@code java.sql}: the agent
 * compiles without it.
 */
final class SqliteJdbc implements SqliteAccess {
  private final String driver;

  private SqliteJdbc(String driver) {
    this.driver = driver;
  }

  /** The JDBC way, if a driver answers for {@code jdbc:sqlite:}. */
  static Optional<SqliteAccess> find() {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException | LinkageError e) {
      // not bundled; another driver may still be registered
    }
    try {
      return Optional.of(
          new SqliteJdbc(DriverManager.getDriver("jdbc:sqlite:").getClass().getName()));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  @Override
  public String describe() {
    return "JDBC (" + driver + ")";
  }

  @Override
  public List<String> allowedOrigins(Path db) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement st = c.prepareStatement(SELECT_ALLOWED);
        ResultSet rs = st.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IOException("cannot read " + db + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int block(Path db, String origin) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement st = c.prepareStatement(BLOCK)) {
      st.setQueryTimeout(30);
      st.setString(1, origin);
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot change " + db + ": " + e.getMessage(), e);
    }
  }
}
