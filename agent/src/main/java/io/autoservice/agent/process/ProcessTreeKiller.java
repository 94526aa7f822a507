package io.autoservice.agent.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a process and all its descendants: a polite {@link ProcessHandle#destroy()} (SIGTERM on
 * Unix) first, then, for whatever is still alive after the grace period, {@link
 * ProcessHandle#destroyForcibly()} (SIGKILL).
 *
 * <p>The tree is snapshot before the first signal and re-collected throughout: a process whose
 * parent dies is reparented to PID 1 and drops out of the root's {@code descendants()}, so every
 * process ever seen is remembered and its own descendants are collected too, and processes forked
 * while the kill is in progress are caught by the next collection. On Windows {@code destroy()}
 * already terminates forcibly.
 */
final class ProcessTreeKiller {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessTreeKiller.class);
  private static final long POLL_MILLIS = 20;

  /** How long to keep sending SIGKILL to stragglers before giving up on them. */
  private static final Duration FORCED_PHASE = Duration.ofSeconds(2);

  private final Duration grace;

  ProcessTreeKiller(Duration grace) {
    this.grace = grace;
  }

  /**
   * Kills {@code root}'s tree; returns once all of it is dead, or after the grace period plus a
   * bounded forced phase. An interrupt cuts the grace period short (the forced kill still happens)
   * and is re-asserted on return.
   *
   * @return true if every process of the tree is dead
   */
  boolean kill(ProcessHandle root) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    collect(root, tree);
    // Descendants first, so a parent has no chance to respawn or wait for its dying children.
    signal(tree, false);
    signal(List.of(root), false);
    boolean dead = awaitDeath(root, tree, grace, false);
    boolean interrupted = Thread.interrupted();
    if (!dead) {
      LOG.info("Process {} or a descendant survived SIGTERM; killing forcibly", root.pid());
      dead = awaitDeath(root, tree, FORCED_PHASE, true);
      interrupted |= Thread.interrupted();
    }
    if (!dead) {
      LOG.warn("Could not kill all of process tree {}: {} alive", root.pid(), alive(root, tree));
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return dead;
  }

  /**
   * Polls until the whole tree is dead (true) or {@code limit} passed or the thread is interrupted
   * (false). Processes found along the way get the same signal; when forcing, every survivor is
   * signalled on each round, so the forced kill also reaches the snapshot's orphans.
   */
  private static boolean awaitDeath(
      ProcessHandle root, Set<ProcessHandle> tree, Duration limit, boolean force) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      List<ProcessHandle> fresh = collect(root, tree);
      List<ProcessHandle> alive = alive(root, tree);
      if (alive.isEmpty()) {
        return true;
      }
      signal(force ? alive : fresh, force);
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Adds to {@code tree} the live descendants of the root and of every known live process. */
  private static List<ProcessHandle> collect(ProcessHandle root, Set<ProcessHandle> tree) {
    Set<ProcessHandle> scanned = new HashSet<>();
    List<ProcessHandle> fresh = new ArrayList<>();
    List<ProcessHandle> scanFrom = new ArrayList<>(tree.size() + 1);
    scanFrom.add(root);
    scanFrom.addAll(tree);
    for (ProcessHandle p : scanFrom) {
      // A process found under an earlier one was scanned with it; only orphans need their own scan.
      if (!scanned.add(p) || !Liveness.isAlive(p)) {
        continue;
      }
      p.descendants()
          .forEach(
              d -> {
                scanned.add(d);
                if (tree.add(d)) {
                  fresh.add(d);
                }
              });
    }
    return fresh;
  }

  private static List<ProcessHandle> alive(ProcessHandle root, Set<ProcessHandle> tree) {
    List<ProcessHandle> alive = new ArrayList<>();
    if (Liveness.isAlive(root)) {
      alive.add(root);
    }
    for (ProcessHandle p : tree) {
      if (Liveness.isAlive(p)) {
        alive.add(p);
      }
    }
    return alive;
  }

  private static void signal(Iterable<ProcessHandle> processes, boolean force) {
    for (ProcessHandle p : processes) {
      try {
        if (force) {
          p.destroyForcibly();
        } else {
          p.destroy();
        }
      } catch (RuntimeException e) { // e.g. not permitted: keep going with the others
        LOG.debug("Could not signal process {}: {}", p.pid(), e.toString());
      }
    }
  }
}
