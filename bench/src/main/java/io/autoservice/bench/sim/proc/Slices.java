package io.autoservice.bench.sim.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits N agents into K contiguous, disjoint slices as even as can be; the first is the parent's.
 */
public final class Slices {
  /** Identities {@code [from, to)} of the cache. */
  public record Slice(int from, int to) {
    public int size() {
      return to - from;
    }
  }

  private Slices() {}

  public static List<Slice> split(int agents, int processes) {
    if (processes < 1 || processes > agents) {
      throw new IllegalArgumentException(
          processes
              + " simulator processes for "
              + agents
              + " agents (expected 1.."
              + agents
              + ")");
    }
    List<Slice> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < processes; i++) {
      int size = agents / processes + (i < agents % processes ? 1 : 0);
      out.add(new Slice(from, from + size));
      from += size;
    }
    return out;
  }
}
