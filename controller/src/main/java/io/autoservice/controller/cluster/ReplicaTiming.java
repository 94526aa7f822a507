package io.autoservice.controller.cluster;

import java.time.Duration;

/**
 * How fast replicas notice each other.
 *
 * @param heartbeat how often a replica writes its heartbeat
 * @param ttl a replica whose heartbeat is older than this is dead: its agents may be taken
 * @param poll how often the inbox is read without a notification (a lost NOTIFY costs this much)
 * @param sweep how often dead replicas' agents are adopted and missed runs picked up
 * @param feed how often watched runs another replica drives are read for new events
 */
public record ReplicaTiming(
    Duration heartbeat, Duration ttl, Duration poll, Duration sweep, Duration feed) {
  public static final ReplicaTiming DEFAULT =
      new ReplicaTiming(
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          Duration.ofMillis(250));

  public ReplicaTiming {
    if (ttl.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "replica_ttl_seconds: " + ttl.toSeconds() + " (expected at least two heartbeats)");
    }
  }

  /** The default timing with another lease time (the heartbeat a fifth of it). */
  public static ReplicaTiming withTtl(Duration ttl) {
    return new ReplicaTiming(
        ttl.dividedBy(5), ttl, DEFAULT.poll(), DEFAULT.sweep(), DEFAULT.feed());
  }
}
