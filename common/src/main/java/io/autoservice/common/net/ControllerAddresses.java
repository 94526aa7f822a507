package io.autoservice.common.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The controller addresses an agent or a console is given: one {@code HOST:PORT}, or several
 * separated by commas ({@code a:7443,b:7443}) for controller replicas. A host may also be a DNS
 * name with several addresses; the callers resolve it each time they pick. One address parses
 * exactly as before.
 */
public final class ControllerAddresses {
  private ControllerAddresses() {}

  /**
   * Parses a comma-separated list; an invalid entry is refused naming {@code setting} and the
   * entry. Duplicates are dropped (the first one keeps its place).
   *
   * @throws IllegalArgumentException naming the setting and the entry at fault
   */
  public static List<HostPort> parse(String setting, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          setting + ": no controller address (expected: HOST:PORT, e.g. controller.local:7443)");
    }
    return of(setting, List.of(value.split(",", -1)));
  }

  /** As {@link #parse}, for a list already split (a YAML/JSON list, repeated flags). */
  public static List<HostPort> of(String setting, List<String> entries) {
    Set<HostPort> addresses = new LinkedHashSet<>();
    for (String raw : entries) {
      addresses.add(entry(setting, raw == null ? "" : raw.strip()));
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException(
          setting + ": no controller address (expected: HOST:PORT, e.g. controller.local:7443)");
    }
    return List.copyOf(new ArrayList<>(addresses));
  }

  /** The list as it is written on a command line: {@code a:7443,b:7443}. */
  public static String format(List<HostPort> addresses) {
    return String.join(",", addresses.stream().map(HostPort::toString).toList());
  }

  private static HostPort entry(String setting, String text) {
    String problem;
    if (text.isEmpty()) {
      problem = "an empty entry";
    } else if (!text.matches("[^\\s,]+:\\d{1,5}")) {
      problem = "\"" + text + "\"";
    } else {
      try {
        HostPort hp = HostPort.parse(text);
        if (hp.port() >= 1 && !hp.host().isEmpty() && !hp.host().contains("[")) {
          return hp;
        }
      } catch (IllegalArgumentException e) {
        // reported below with the setting's name
      }
      problem = "\"" + text + "\"";
    }
    throw new IllegalArgumentException(
        setting
            + ": "
            + problem
            + " (expected: HOST:PORT with a port from 1 to 65535, several separated by commas,"
            + " e.g. controller.local:7443)");
  }
}
