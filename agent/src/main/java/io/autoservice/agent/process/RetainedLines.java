package io.autoservice.agent.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one stream kept for the {@link ProcessResult}: at most {@code maxLines}, being the
 * first {@code min(1000, maxLines / 2)} lines and the most recent rest.
 *
 * <p>Both ends are kept because tools report what they set out to do at the start and the verdict
 * at the end; the middle (progress, per-file chatter) is what gets dropped. Thread-safe: the reader
 * thread adds while the runner may already take the result if it stopped waiting for the reader.
 */
final class RetainedLines {

  static final int MAX_HEAD = 1000;

  private final int headLimit;
  private final int tailLimit;
  private final List<String> head = new ArrayList<>();
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  private long dropped;
  private boolean closed;

  RetainedLines(int maxLines) {
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be positive: " + maxLines);
    }
    this.headLimit = Math.min(MAX_HEAD, maxLines / 2);
    this.tailLimit = maxLines - headLimit;
  }

  /** Adds a line; ignored after {@link #close()}. */
  synchronized void add(String line) {
    if (closed) {
      return;
    }
    if (head.size() < headLimit) {
      head.add(line);
      return;
    }
    if (tail.size() == tailLimit) {
      tail.removeFirst();
      dropped++;
    }
    tail.addLast(line);
  }

  /** Stops accepting lines and returns those kept, in order. */
  synchronized List<String> close() {
    closed = true;
    List<String> all = new ArrayList<>(head.size() + tail.size());
    all.addAll(head);
    all.addAll(tail);
    return all;
  }

  /** How many lines were dropped from the middle. */
  synchronized long dropped() {
    return dropped;
  }
}
