package io.autoservice.controller.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A replica's name among the controllers sharing a store: the configured one, else one made at the
 * first start and kept in the data folder, so a restarted replica finds the leases it held.
 */
public final class ReplicaName {
  static final String FILE = "replica-id";

  private ReplicaName() {}

  public static String resolve(String configured, Path dataDir) throws IOException {
    if (configured != null) {
      return configured;
    }
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!kept.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IOException(
            file + " does not hold a replica id (delete it to make a new one, or set replica_id)");
      }
      return kept;
    }
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    String made = "replica-" + HexFormat.of().formatHex(b);
    Files.createDirectories(dataDir);
    Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
    Files.writeString(tmp, made + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return made;
  }
}
