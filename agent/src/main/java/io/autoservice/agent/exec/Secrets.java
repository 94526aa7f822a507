package io.autoservice.agent.exec;

import java.util.Map;
import java.util.Optional;

/**
 * Where tasks get secrets: the agent config's {@code secrets}, or the environment for a name of
 * the form {@code env:VAR}. A plan never carries a secret's value, so none reaches a report or log.
 */
public final class Secrets {
  private final Map<String, String> configured;
  private final Map<String, String> env;

  public Secrets(Map<String, String> configured, Map<String, String> env) {
    this.configured = Map.copyOf(configured);
    this.env = Map.copyOf(env);
  }

  public static Secrets none() {
    return new Secrets(Map.of(), Map.of());
  }

  public Optional<String> get(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String value = name.startsWith("env:") ? env.get(name.substring(4)) : configured.get(name);
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
