package io.autoservice.controller.auth;

import io.autoservice.common.auth.Role;
import io.autoservice.common.tls.SecretFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first start of a controller: with no user in its database, it creates user {@code admin}
 * (role admin) and writes its token to {@code <data>/admin.token}, readable by its owner only. The
 * token is written before the user is created, so a failure leaves no admin whose token is lost;
 * once any user exists (even a revoked one) nothing is created again.
 */
public final class AdminBootstrap {
  public static final String ADMIN_USER = "admin";
  public static final String TOKEN_FILE = "admin.token";

  private AdminBootstrap() {}

  /** Where the first admin's token is written in a data folder. */
  public static Path tokenFile(Path dataDir) {
    return dataDir.toAbsolutePath().resolve(TOKEN_FILE);
  }

  /** Creates the first admin if there are no users; returns the token file it wrote. */
  public static Optional<Path> ensureAdmin(TokenStore tokens, AuditLog audit, Path dataDir)
      throws IOException {
    if (!tokens.isEmpty()) {
      return Optional.empty();
    }
    String token = TokenStore.newToken();
    Path file = tokenFile(dataDir);
    SecretFile.write(file, token + System.lineSeparator());
    try {
      tokens.add(ADMIN_USER, Role.ADMIN, token);
    } catch (RuntimeException e) {
      Files.deleteIfExists(file);
      throw new IOException("cannot create the first admin: " + e.getMessage(), e);
    }
    audit.append(
        "controller",
        "local",
        AuditLog.USER_ADD,
        ADMIN_USER,
        "role admin; first start, token written to " + file,
        null);
    return Optional.of(file);
  }
}
