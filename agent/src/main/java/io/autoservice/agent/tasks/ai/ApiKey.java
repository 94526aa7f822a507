package io.autoservice.agent.tasks.ai;

import java.util.Objects;

/**
 * An API key read from a secret (the agent config or the environment, never the plan). It prints as
 * its source only, and {@link #scrub} removes it from any text before that text reaches a log, a
 * marker, a report or an exception.
 */
public final class ApiKey {
  /** What stands in for the key wherever it would have appeared. */
  public static final String MASK = "***";

  private final String value;
  private final String source;

  /**
   * @param value the key itself
   * @param source where it came from, for messages (e.g. {@code agent config secret
   *     openai_api_key})
   */
  public ApiKey(String value, String source) {
    this.value = Objects.requireNonNull(value, "value");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Where the key came from (never the key). */
  public String source() {
    return source;
  }

  /** The key, for the Authorization header only. */
  String value() {
    return value;
  }

  /** {@code text} with every occurrence of the key replaced by {@value #MASK}; null stays null. */
  public String scrub(String text) {
    if (text == null || value.isEmpty()) {
      return text;
    }
    return text.replace(value, MASK);
  }

  @Override
  public String toString() {
    return "ApiKey(" + source + ")";
  }
}
