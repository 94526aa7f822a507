package io.autoservice.common.settings;

import java.util.Collection;
import java.util.Optional;

/** The setting variable a misspelt one most likely meant, if one is close enough. */
final class NearMiss {
  private NearMiss() {}

  /** The closest of {@code known} within a few edits (more for longer names), if any. */
  static Optional<String> of(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // "AUTOSERVICE_" is shared by all: count edits against the rest of the name only.
    int allowed = Math.max(1, (name.length() - SettingKey.ENV_PREFIX.length()) / 5);
    return best != null && bestDistance <= Math.min(allowed, 3)
        ? Optional.of(best)
        : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
