package io.autoservice.bench.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Enrolled identities kept in the bench's work folder ({@code identities.jsonl}, one JSON object a
 * line), so a rerun against the same controller data folder skips enrolment. Only valid together
 * with that data folder: the certificates are signed by its CA.
 */
public final class IdentityCache {
  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  public IdentityCache(Path workDir) {
    this.file = workDir.resolve("identities.jsonl");
  }

  public List<Identity> load() throws IOException {
    List<Identity> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(json.readValue(line, Identity.class));
      }
    }
    return out;
  }

  /** Forgets every cached identity. */
  public void clear() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Appends newly enrolled identities (a crash mid-way loses only the unwritten tail). */
  public void append(List<Identity> identities) throws IOException {
    Files.createDirectories(file.getParent());
    try (BufferedWriter w =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (Identity id : identities) {
        w.write(json.writeValueAsString(id));
        w.newLine();
      }
    }
  }
}
