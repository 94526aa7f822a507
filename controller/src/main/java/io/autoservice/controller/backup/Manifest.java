package io.autoservice.controller.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backup file holds ({@code manifest.json}, its last entry): the format, which controller
 * wrote it and when, the store's schema version, and the size and SHA-256 of every other entry.
 */
public record Manifest(
    int formatVersion,
    String controllerVersion,
    Instant createdAt,
    String schemaVersion,
    List<Entry> entries) {
  public static final String NAME = "manifest.json";
  public static final int FORMAT_VERSION = 1;

  /** One file in the backup. */
  public record Entry(String name, long size, String sha256) {}

  public Manifest {
    entries = List.copyOf(entries);
  }

  public String toJson() {
    ObjectNode o = Json.object();
    o.put("format_version", formatVersion);
    o.put("controller_version", controllerVersion);
    o.put("created_at", createdAt.toString());
    o.put("schema_version", schemaVersion);
    ArrayNode list = o.putArray("entries");
    for (Entry e : entries) {
      list.addObject().put("name", e.name()).put("size", e.size()).put("sha256", e.sha256());
    }
    return Json.pretty(o) + "\n";
  }

  /** Parses a manifest; a missing or malformed field is refused. */
  public static Manifest parse(String json) throws BackupException {
    try {
      JsonNode o = Json.mapper().readTree(json);
      List<Entry> entries = new ArrayList<>();
      for (JsonNode e : required(o, "entries")) {
        entries.add(
            new Entry(
                required(e, "name").asText(),
                required(e, "size").asLong(),
                required(e, "sha256").asText()));
      }
      return new Manifest(
          required(o, "format_version").asInt(),
          o.path("controller_version").asText("?"),
          Instant.parse(required(o, "created_at").asText()),
          o.path("schema_version").asText("?"),
          entries);
    } catch (BackupException e) {
      throw e;
    } catch (Exception e) {
      throw new BackupException(NAME + ": not a readable manifest (" + e.getMessage() + ")", e);
    }
  }

  private static JsonNode required(JsonNode o, String field) throws BackupException {
    JsonNode v = o == null ? null : o.get(field);
    if (v == null || v.isNull()) {
      throw new BackupException(NAME + ": field " + field + " is missing");
    }
    return v;
  }
}
