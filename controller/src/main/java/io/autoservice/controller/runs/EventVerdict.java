package io.autoservice.controller.runs;

/**
 * What the controller does with an incoming run event.
 *
 * @param action accept it (persist, then ack), ack again without storing, or refuse it
 * @param ackSequence for {@code DUPLICATE}: the highest persisted sequence to ack
 * @param reason for {@code REJECT}: why, in words for the agent's log
 */
public record EventVerdict(Action action, long ackSequence, String reason) {
  public enum Action {
    ACCEPT,
    DUPLICATE,
    REJECT
  }

  static EventVerdict accept() {
    return new EventVerdict(Action.ACCEPT, 0, null);
  }

  static EventVerdict duplicate(long ack) {
    return new EventVerdict(Action.DUPLICATE, ack, null);
  }

  static EventVerdict reject(String reason) {
    return new EventVerdict(Action.REJECT, 0, reason);
  }
}
