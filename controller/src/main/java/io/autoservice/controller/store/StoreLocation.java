package io.autoservice.controller.store;

import java.util.Locale;

/**
 * Where the store is: the embedded SQLite in the data folder ({@link #EMBEDDED}), or a PostgreSQL
 * database. The password never shows in {@link #toString()} (settings, logs and errors print it).
 *
 * @param url {@code jdbc:postgresql://…}; null for the embedded store
 */
public record StoreLocation(String url, String user, String password, int poolSize) {
  public static final StoreLocation EMBEDDED = new StoreLocation(null, null, null, 0);
  public static final int DEFAULT_POOL_SIZE = 16;

  /**
   * The location a {@code store_url} names: empty or null for the embedded store, {@code
   * postgresql://host:port/db} or {@code jdbc:postgresql://…}; anything else is refused, naming the
   * setting.
   */
  public static StoreLocation of(String storeUrl, String user, String password, int poolSize) {
    if (storeUrl == null || storeUrl.isBlank()) {
      return EMBEDDED;
    }
    String url = storeUrl.strip();
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("postgresql://")) {
      url = "jdbc:" + url;
    } else if (!lower.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "store_url: "
              + redacted(url)
              + " (expected: empty for the embedded store, or postgresql://host:port/database)");
    }
    if (!redacted(url).equals(url)) {
      // settings and logs print store_url: a password belongs in store_password_file
      throw new IllegalArgumentException(
          "store_url: "
              + redacted(url)
              + " holds a password (expected: the password in store_password_file or"
              + " AUTOSERVICE_STORE_PASSWORD_FILE)");
    }
    if (poolSize < 1 || poolSize > 1_000) {
      throw new IllegalArgumentException("store_pool_size: " + poolSize + " (expected: 1 to 1000)");
    }
    return new StoreLocation(url, user, password, poolSize);
  }

  /** Whether this is PostgreSQL (shared by every controller that names it). */
  public boolean shared() {
    return url != null;
  }

  /** The URL with any password written into it ({@code user:secret@}) masked. */
  static String redacted(String url) {
    return url == null
        ? null
        : url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@")
            .replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public String toString() {
    return shared()
        ? "StoreLocation[" + redacted(url) + ", user=" + user + ", pool=" + poolSize + "]"
        : "StoreLocation[embedded]";
  }
}
