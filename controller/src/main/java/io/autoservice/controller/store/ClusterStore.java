package io.autoservice.controller.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How controller replicas sharing one store find each other: their heartbeats, which replica holds
 * each agent (a lease that lapses with its holder's heartbeat), and messages between them. Every
 * decision that must be single across replicas is one conditional statement here, so two replicas
 * racing for the same agent never both win.
 */
public interface ClusterStore {
  /** The channel replicas LISTEN on; a notification's payload is the replica a message is for. */
  String CHANNEL = "autoservice_inbox";

  /** A message to a replica. */
  record Message(long id, String kind, String agentId, String runId, String detail) {}

  /** The holder of an agent's lease, and whether its heartbeat is fresh. */
  record Holder(String replicaId, long epoch, boolean alive) {}

  /**
   * A lease this replica took: its epoch, and the replica it took it from (if any, alive or not).
   */
  record Taken(long epoch, Optional<Holder> previous) {}

  /** Writes this replica's heartbeat (creating its row). */
  void heartbeat(String replicaId, String address, Instant startedAt, Instant now);

  /** Replicas with a heartbeat fresher than {@code ttl}, by id. */
  List<String> liveReplicas(Instant now, Duration ttl);

  /** Who holds the agent now. */
  Optional<Holder> holder(String agentId, Instant now, Duration ttl);

  /** Takes the agent's lease whoever holds it (a new stream of the agent came here: it wins). */
  Taken take(String agentId, String replicaId, Instant now, Duration ttl);

  /**
   * Takes the agent's lease only if no live replica holds it; empty when one does (it keeps it).
   */
  Optional<Taken> adopt(String agentId, String replicaId, Instant now, Duration ttl);

  /**
   * The agent's stream on this replica closed (its lease stays: the holder still drives its runs).
   */
  void disconnected(String agentId, String replicaId);

  /**
   * Agents connected to other live replicas, and the runs agents held elsewhere are working on:
   * what this replica's fleet view cannot see from its own streams.
   */
  FleetPicture fleet(String replicaId, Instant now, Duration ttl);

  /** What other replicas' streams say about the fleet. */
  record FleetPicture(java.util.Set<String> connected, java.util.Map<String, String> working) {}

  /** Agents this replica holds a lease for. */
  List<String> heldBy(String replicaId);

  /**
   * Agents with unfinished runs and no live holder: the runs a dead replica held, or ones
   * dispatched while their agent had no holder.
   */
  List<String> orphans(Instant now, Duration ttl, int limit);

  /** Stores a message for a replica and wakes it (after the commit). */
  void post(
      String toReplica, String kind, String agentId, String runId, String detail, Instant now);

  /**
   * Hands this replica's waiting messages, oldest first, to {@code handle} and deletes them in the
   * same transaction: a message a handler throws on stays for the next read. Rows another reader
   * holds are skipped, not waited for.
   */
  int drain(String replicaId, int limit, Consumer<Message> handle);

  /** An unfinished run of an agent this replica holds. */
  record HeldRun(String agentId, String runId) {}

  /** Every unfinished run of the agents this replica holds (to find one it missed). */
  List<HeldRun> unfinishedHeldBy(String replicaId);

  /** {@code n} places in the fleet's one run order, ascending. */
  long[] nextQueueSeqs(int n);

  /** Moves the run order past every stored run (a store migrated from an embedded one). */
  void alignQueueSeq();
}
