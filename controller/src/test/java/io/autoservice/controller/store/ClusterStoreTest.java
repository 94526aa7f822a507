package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicas' coordination rows on a real PostgreSQL: leases, adoption, the inbox, run order. */
class ClusterStoreTest {
  private static final Duration TTL = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path data;
  private Database db;
  private ClusterStore cluster;

  @BeforeEach
  void open() throws Exception {
    db = Engine.POSTGRESQL.open(data);
    cluster = db.stores().cluster();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void anEmbeddedStoreHasNoReplicas() throws Exception {
    try (Database embedded = Engine.SQLITE.open(data.resolve("embedded"))) {
      assertThat(embedded.stores().cluster()).isNull();
    }
  }

  @Test
  void aNewStreamTakesTheLeaseFromWhoeverHeldItAndSaysWhoThatWas() {
    cluster.heartbeat("a", "a:1", T0, T0);
    cluster.heartbeat("b", "b:1", T0, T0);

    ClusterStore.Taken first = cluster.take("pc-1", "a", T0, TTL);
    ClusterStore.Taken second = cluster.take("pc-1", "b", T0.plusSeconds(1), TTL);

    assertThat(first.previous()).isEmpty();
    assertThat(second.epoch()).isGreaterThan(first.epoch());
    assertThat(second.previous())
        .hasValueSatisfying(
            p -> {
              assertThat(p.replicaId()).isEqualTo("a");
              assertThat(p.alive()).isTrue();
            });
    assertThat(cluster.holder("pc-1", T0.plusSeconds(1), TTL).orElseThrow().replicaId())
        .isEqualTo("b");
    assertThat(cluster.heldBy("a")).isEmpty();
  }

  @Test
  void anAgentIsAdoptedOnlyOnceItsHolderStoppedBeating() {
    cluster.heartbeat("a", "a:1", T0, T0);
    cluster.heartbeat("b", "b:1", T0, T0);
    cluster.take("pc-1", "a", T0, TTL);

    assertThat(cluster.adopt("pc-1", "b", T0.plusSeconds(5), TTL))
        .as("a is alive: it keeps its agent")
        .isEmpty();
    cluster.heartbeat("b", "b:1", T0, T0.plusSeconds(11));
    assertThat(cluster.adopt("pc-1", "b", T0.plusSeconds(11), TTL))
        .as("a's heartbeat is 11 s old")
        .isPresent();
    assertThat(cluster.heldBy("b")).containsExactly("pc-1");
  }

  @Test
  void orphansAreAgentsWithUnfinishedRunsAndNoLiveHolder() throws Exception {
    cluster.heartbeat("a", "a:1", T0, T0);
    db.stores().runs().insertAll(List.of(run("r1", "pc-1", 1), run("r2", "pc-2", 2)));
    cluster.take("pc-1", "a", T0, TTL);

    assertThat(cluster.orphans(T0.plusSeconds(1), TTL, 10))
        .as("pc-2 has a queued run and no holder; pc-1 is held by a live replica")
        .containsExactly("pc-2");
    assertThat(cluster.orphans(T0.plusSeconds(30), TTL, 10))
        .as("once a is dead")
        .containsExactlyInAnyOrder("pc-1", "pc-2");
    assertThat(cluster.unfinishedHeldBy("a"))
        .containsExactly(new ClusterStore.HeldRun("pc-1", "r1"));
  }

  @Test
  void aMessageIsReadByOneReaderOnlyAndAnotherDoesNotWaitForIt() throws Exception {
    cluster.post("b", "runs", "pc-1", null, null, T0);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<ClusterStore.Message> firstGot = new ArrayList<>();
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () ->
                cluster.drain(
                    "b",
                    10,
                    m -> {
                      firstGot.add(m);
                      inside.countDown();
                      try {
                        release.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    List<ClusterStore.Message> secondGot = new ArrayList<>();
    int second = cluster.drain("b", 10, secondGot::add);

    assertThat(second).as("the locked row is skipped").isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("not waited for")
        .isLessThan(Duration.ofSeconds(5));
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(firstGot).singleElement().satisfies(m -> assertThat(m.agentId()).isEqualTo("pc-1"));
    assertThat(cluster.drain("b", 10, m -> {})).as("deleted once handled").isZero();
  }

  @Test
  void theFleetsRunOrderContinuesAfterTheStoredRuns() throws Exception {
    db.stores().runs().insertAll(List.of(run("r1", "pc-1", 41)));
    cluster.alignQueueSeq();

    long[] places = cluster.nextQueueSeqs(3);

    assertThat(places).hasSize(3).isSorted();
    assertThat(places[0]).isGreaterThan(41);
  }

  private static RunRecord run(String runId, String agentId, long queueSeq) throws Exception {
    return new RunRecord(
        runId,
        agentId,
        "pc",
        queueSeq,
        RunState.QUEUED,
        null,
        PlanParser.parse("[{\"type\":\"hello_service\"}]"),
        0,
        "admin",
        T0,
        T0.plusSeconds(3600),
        null,
        0,
        null,
        null,
        null);
  }
}
