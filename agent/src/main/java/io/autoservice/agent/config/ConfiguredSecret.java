package io.autoservice.agent.config;

import java.util.List;

/**
 * One secret of the agent config: where its value comes from and the only origins it may be sent
 * to.
 *
 * @param name the name a plan uses for it ({@code api_key: "openai_api_key"})
 * @param source where the value is read when a task needs it
 * @param origins the servers it may go to (never empty)
 */
public record ConfiguredSecret(String name, Source source, List<SecretOrigin> origins) {
  public ConfiguredSecret {
    origins = List.copyOf(origins);
  }

  /** Whether this secret may be sent to {@code origin}. */
  public boolean boundTo(SecretOrigin origin) {
    return origins.contains(origin);
  }

  /** Where a secret's value lives. */
  public sealed interface Source {
    /** Written into the config file itself. */
    record Value(String value) implements Source {
      @Override
      public String toString() {
        return "Value(***)";
      }
    }

    /** An environment variable of the agent. */
    record Env(String variable) implements Source {}

    /** A file (its content, trimmed), read each time a task needs it. */
    record File(String path) implements Source {}
  }
}
