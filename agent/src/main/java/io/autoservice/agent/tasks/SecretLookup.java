package io.autoservice.agent.tasks;

/** What {@link TaskContext#secretFor} found for a plan's secret reference and a destination. */
public sealed interface SecretLookup {
  /**
   * The secret, allowed to go to the destination.
   *
   * @param value the secret itself: for the request only, never a log
   * @param source where it came from, for messages (never the value)
   */
  record Found(String value, String source) implements SecretLookup {
    @Override
    public String toString() {
      return "Found(" + source + ")";
    }
  }

  /**
   * The agent config binds no secret of that name to the destination (or the destination is not
   * https/loopback). Deliberately says nothing about whether such a secret or variable exists.
   */
  record NotBound() implements SecretLookup {}

  /**
   * The secret may go there, but has no value now (variable unset, file unreadable, empty).
   *
   * @param why a message naming the source, never a value
   */
  record Unset(String why) implements SecretLookup {}
}
