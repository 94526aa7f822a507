package io.autoservice.controller.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.model.WindowRecord;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.Engine;
import io.autoservice.controller.store.ScheduleStore;
import io.autoservice.testsupport.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scheduler on a fake clock over a real store: occurrences fire once, PCs wait for their window
 * or for coming back within the catch-up limit, and are recorded missed after it.
 */
class ScheduleLoopTest {
  /** A Monday, 08:00 UTC (09:00 in Berlin). */
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  @TempDir Path data;
  private final FakeClock clock = new FakeClock(T0);
  private Database db;
  private ScheduleStore store;
  private TestFleet fleet;
  private ScheduleLoop loop;

  private void open(Engine engine) throws Exception {
    db = engine.open(data);
    store = db.stores().schedules();
    fleet = new TestFleet(db.stores().runs(), clock);
    loop = new ScheduleLoop(store, fleet, clock, clock.scheduler(), Duration.ofMinutes(1));
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private ScheduleRecord schedule(
      String name,
      ScheduleRecord.Target target,
      String cron,
      String every,
      Duration catchUp,
      Duration jitter)
      throws Exception {
    ScheduleRecord s =
        new ScheduleRecord(
            "id-" + name,
            name,
            PlanParser.parse("[{\"type\":\"hello_service\"}]"),
            target,
            cron,
            "UTC",
            every,
            Duration.ZERO,
            catchUp,
            jitter,
            false,
            true,
            "tech",
            clock.instant(),
            clock.instant());
    assertThat(store.create(s)).isTrue();
    return s;
  }

  private List<DeliveryRecord> deliveries(String name) {
    return store.deliveries("id-" + name, 100);
  }

  private int storedRuns() {
    return db.stores().runs().runs(new RunFilter(null, null, null, null, 1000)).size();
  }

  @Test
  void shouldStartEachPcAtItsJitteredTimeOnceEverySixHours() throws Exception {
    open(Engine.SQLITE);
    for (int i = 0; i < 20; i++) {
      fleet.add("pc-" + i, Map.of(), true);
    }
    schedule(
        "six",
        ScheduleRecord.Target.all(),
        null,
        "6h",
        Duration.ofHours(1),
        Duration.ofMinutes(10));
    loop.start();

    clock.advance(Duration.ofHours(6));
    int atOccurrence = fleet.created.size();
    clock.advance(Duration.ofMinutes(11));

    assertThat(atOccurrence).as("started in the occurrence's first minute").isLessThan(10);
    assertThat(fleet.created).hasSize(20).doesNotHaveDuplicates();
    assertThat(deliveries("six"))
        .allSatisfy(
            d -> {
              assertThat(d.occurrence()).isEqualTo(T0.plus(Duration.ofHours(6)));
              assertThat(d.state()).isEqualTo(DeliveryRecord.State.DISPATCHED);
              assertThat(d.startAt())
                  .isEqualTo(
                      d.occurrence()
                          .plus(Jitter.offset("id-six", d.agentId(), Duration.ofMinutes(10))));
            });

    clock.advance(Duration.ofHours(6));
    assertThat(fleet.created).hasSize(40);
    assertThat(storedRuns()).isEqualTo(40);
  }

  @Test
  void shouldNotFireWhilePausedAndFireOnlyTheNextOccurrenceAfterResuming() throws Exception {
    open(Engine.SQLITE);
    fleet.add("pc-1", Map.of(), true);
    ScheduleRecord s =
        schedule(
            "hourly",
            ScheduleRecord.Target.agents(List.of("pc-1")),
            "0 * * * *",
            null,
            Duration.ofHours(6),
            Duration.ZERO);
    store.setEnabled(s.scheduleId(), false, clock.instant());
    loop.start();

    clock.advance(Duration.ofMinutes(190)); // 11:10: 09:00, 10:00 and 11:00 passed while paused
    assertThat(deliveries("hourly")).isEmpty();

    store.setEnabled(s.scheduleId(), true, clock.instant());
    clock.advance(Duration.ofMinutes(51)); // 12:01

    assertThat(deliveries("hourly"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.occurrence()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
              assertThat(d.state()).isEqualTo(DeliveryRecord.State.DISPATCHED);
            });
    assertThat(fleet.created).containsExactly("pc-1");
  }

  @Test
  void shouldRunNowOutsideTheRecurrenceAndTheWindow() throws Exception {
    open(Engine.SQLITE);
    fleet.add("pc-1", Map.of("site", "front-desk"), true);
    store.setWindow(nightWindow());
    ScheduleRecord s =
        schedule(
            "weekly",
            ScheduleRecord.Target.labels(Map.of("site", "front-desk")),
            "0 3 * * 0",
            null,
            Duration.ofHours(6),
            Duration.ofMinutes(10));
    loop.start();

    assertThat(loop.runNow(s)).contains(1);
    clock.advance(Duration.ofSeconds(1));

    assertThat(fleet.created).containsExactly("pc-1");
    assertThat(deliveries("weekly"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo("run_now");
              assertThat(d.state()).isEqualTo(DeliveryRecord.State.DISPATCHED);
            });
  }

  @Test
  void shouldWaitForTheMaintenanceWindowAndDispatchWhenItOpens() throws Exception {
    open(Engine.SQLITE);
    fleet.add("desk-1", Map.of("site", "front-desk"), true);
    fleet.add("office-1", Map.of("site", "office"), true);
    store.setWindow(nightWindow()); // 19:00-07:00 Berlin, Mon-Fri
    schedule(
        "noon",
        ScheduleRecord.Target.all(),
        "0 12 * * *",
        null,
        Duration.ofHours(12),
        Duration.ZERO);
    loop.start();

    clock.advance(Duration.ofHours(4).plusMinutes(1)); // 12:01 UTC, 13:01 Berlin
    assertThat(fleet.created).containsExactly("office-1");
    DeliveryRecord waiting =
        deliveries("noon").stream().filter(d -> d.agentId().equals("desk-1")).findFirst().get();
    assertThat(waiting.state()).isEqualTo(DeliveryRecord.State.PENDING);
    assertThat(waiting.reason())
        .isEqualTo(
            "waiting for its maintenance window site=front-desk"
                + " (mon,tue,wed,thu,fri 19:00-07:00 Europe/Berlin)");

    clock.advance(Duration.ofMinutes(6 * 60 - 2)); // 17:59 UTC, 18:59 Berlin
    assertThat(fleet.created).containsExactly("office-1");
    clock.advance(Duration.ofMinutes(2)); // 18:01 UTC = 19:01 Berlin

    assertThat(fleet.created).containsExactly("office-1", "desk-1");
  }

  @Test
  void shouldStartAnOfflinePcWhenItComesBackWithinTheCatchUpLimit() throws Exception {
    open(Engine.SQLITE);
    fleet.add("pc-1", Map.of(), false);
    schedule(
        "daily",
        ScheduleRecord.Target.all(),
        "0 9 * * *",
        null,
        Duration.ofHours(6),
        Duration.ZERO);
    loop.start();

    clock.advance(Duration.ofHours(1).plusMinutes(1)); // 09:01
    assertThat(deliveries("daily"))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo("waiting for the PC to come online"));

    clock.advance(Duration.ofHours(2));
    fleet.online.add("pc-1");
    clock.advance(Duration.ofMinutes(1));

    assertThat(fleet.created).containsExactly("pc-1");
  }

  @Test
  void shouldRecordAMissWithItsReasonWhenThePcStaysAwayPastTheCatchUpLimit() throws Exception {
    open(Engine.SQLITE);
    fleet.add("pc-1", Map.of(), false);
    fleet.add("pc-2", Map.of(), true);
    schedule(
        "daily",
        ScheduleRecord.Target.all(),
        "0 9 * * *",
        null,
        Duration.ofHours(2),
        Duration.ZERO);
    loop.start();

    clock.advance(Duration.ofHours(3).plusMinutes(2)); // 11:02: 2 h after 09:00 have passed
    fleet.online.add("pc-1");
    clock.advance(Duration.ofMinutes(5));

    assertThat(fleet.created).containsExactly("pc-2");
    List<MissedOccurrences.Missed> missed = new StoredMissedOccurrences(store).since(T0, 10);
    assertThat(missed)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.scheduleName()).isEqualTo("daily");
              assertThat(m.agentId()).isEqualTo("pc-1");
              assertThat(m.occurrence()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
              assertThat(m.reason())
                  .isEqualTo(
                      "was waiting for the PC to come online until the catch-up limit (2h after"
                          + " 2026-03-02T09:00:00Z) passed");
            });
    assertThat(new StoredMissedOccurrences(store).since(clock.instant(), 10)).isEmpty();
  }

  @Test
  void shouldCatchUpOccurrencesMissedWhileTheControllerWasDown() throws Exception {
    open(Engine.SQLITE);
    fleet.add("pc-1", Map.of(), true);
    schedule(
        "hourly",
        ScheduleRecord.Target.all(),
        "0 * * * *",
        null,
        Duration.ofMinutes(90),
        Duration.ZERO);

    clock.set(T0.plus(Duration.ofMinutes(151))); // down from 08:00 to 10:31
    loop.tick();

    assertThat(deliveries("hourly"))
        .extracting(DeliveryRecord::occurrence, DeliveryRecord::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2026-03-02T10:00:00Z"), DeliveryRecord.State.DISPATCHED),
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2026-03-02T09:00:00Z"), DeliveryRecord.State.MISSED));
    assertThat(deliveries("hourly").get(1).reason())
        .startsWith("the controller was not running at 2026-03-02T09:00:00Z");
    assertThat(fleet.created).containsExactly("pc-1");
  }

  @Test
  void shouldSumUpOccurrencesBeyondTheBacklogInOneNoteAfterALongOutage() throws Exception {
    open(Engine.SQLITE);
    fleet.add("pc-1", Map.of(), true);
    schedule(
        "hourly",
        ScheduleRecord.Target.all(),
        "0 * * * *",
        null,
        Duration.ofMinutes(30),
        Duration.ZERO);

    clock.set(
        T0.plus(Duration.ofHours(30))
            .plus(Duration.ofMinutes(10))); // down 30 h: 30 occurrences passed
    loop.tick();

    List<DeliveryRecord> rows = deliveries("hourly");
    assertThat(rows).hasSize(OccurrenceFiring.MAX_BACKLOG);
    assertThat(rows.get(0).state())
        .as("the newest, within catch-up")
        .isEqualTo(DeliveryRecord.State.DISPATCHED);
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryRecord.State.MISSED));
    assertThat(store.emptyOccurrences("id-hourly", 10))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.note())
                    .isEqualTo(
                        "6 occurrences from 2026-03-02T09:00:00Z on were not fired: the controller"
                            + " was not running"));
    loop.tick();
    assertThat(deliveries("hourly")).hasSize(OccurrenceFiring.MAX_BACKLOG);
    assertThat(fleet.created).containsExactly("pc-1");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldReachAPcQueuedBehindMoreWaitingPcsThanOnePageHolds(Engine engine) throws Exception {
    open(engine);
    for (int i = 0; i < ScheduleLoop.BATCH + 100; i++) {
      fleet.add(String.format("a-%05d", i), Map.of(), false);
    }
    fleet.add("z-online", Map.of(), true);
    schedule(
        "daily",
        ScheduleRecord.Target.all(),
        "0 9 * * *",
        null,
        Duration.ofHours(6),
        Duration.ZERO);

    clock.set(Instant.parse("2026-03-02T09:00:00Z"));
    long started = System.nanoTime();
    loop.tick();
    System.out.printf(
        "%s: one tick over %d deliveries: %d ms%n",
        engine, ScheduleLoop.BATCH + 101, (System.nanoTime() - started) / 1_000_000);

    assertThat(fleet.created).containsExactly("z-online");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldStartOneRunPerPcWhenTwoSchedulersRaceTheSameOccurrence(Engine engine)
      throws Exception {
    open(engine);
    TestFleet other = new TestFleet(db.stores().runs(), clock);
    for (int i = 0; i < 30; i++) {
      fleet.add("pc-" + i, Map.of(), true);
      other.add("pc-" + i, Map.of(), true);
    }
    ScheduleLoop second =
        new ScheduleLoop(store, other, clock, clock.scheduler(), Duration.ofMinutes(1));
    schedule(
        "race", ScheduleRecord.Target.all(), "0 9 * * *", null, Duration.ofHours(1), Duration.ZERO);
    clock.set(Instant.parse("2026-03-02T09:00:00Z"));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> a = pool.submit(() -> awaitThen(start, loop::tick));
        Future<?> b = pool.submit(() -> awaitThen(start, second::tick));
        a.get();
        b.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(fleet.created.size() + other.created.size()).isEqualTo(30);
    assertThat(storedRuns()).isEqualTo(30);
    assertThat(deliveries("race"))
        .hasSize(30)
        .allSatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryRecord.State.DISPATCHED));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldStartTheRunOnceWhenAControllerStoppedBetweenClaimingAndDispatching(Engine engine)
      throws Exception {
    open(engine);
    fleet.add("pc-1", Map.of(), true);
    fleet.add("pc-2", Map.of(), true);
    schedule(
        "daily",
        ScheduleRecord.Target.all(),
        "0 9 * * *",
        null,
        Duration.ofHours(6),
        Duration.ZERO);
    // The first controller fired the occurrence, claimed both deliveries, stored pc-2's run but
    // not pc-1's, confirmed neither, and stopped.
    clock.set(Instant.parse("2026-03-02T09:00:00Z"));
    TestFleet crashed = new TestFleet(db.stores().runs(), clock);
    store.fire(
        "id-daily",
        clock.instant(),
        true,
        clock.instant(),
        List.of(pending("pc-1"), pending("pc-2")),
        null);
    for (DeliveryRecord d : store.due(clock.instant(), Instant.EPOCH, 10)) {
      assertThat(store.claim(d, clock.instant())).isTrue();
    }
    crashed.add("pc-2", Map.of(), true);
    ScheduleRecord s = store.byName("daily").orElseThrow();
    crashed.launch(
        s, crashed.agents.get("pc-2"), Jitter.runId("id-daily", clock.instant(), "pc-2"));

    // A new controller on the same store.
    loop.tick();
    assertThat(fleet.created).as("a fresh claim is left to its holder").isEmpty();
    clock.advance(ScheduleLoop.CLAIM_LEASE.plusSeconds(1));
    loop.tick();
    loop.tick();

    assertThat(fleet.created).containsExactly("pc-1");
    assertThat(storedRuns()).isEqualTo(2);
    assertThat(deliveries("daily"))
        .allSatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryRecord.State.DISPATCHED));
  }

  private DeliveryRecord pending(String agentId) {
    Instant t = clock.instant();
    return new DeliveryRecord(
        "id-daily",
        t,
        agentId,
        "host-" + agentId,
        t,
        DeliveryRecord.State.PENDING,
        Jitter.runId("id-daily", t, agentId),
        null,
        null,
        t,
        false,
        "scheduled");
  }

  private static void awaitThen(CyclicBarrier barrier, Runnable r) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    r.run();
  }

  private static WindowRecord nightWindow() {
    return new WindowRecord(
        "site",
        "front-desk",
        Windows.days(List.of("mon-fri")),
        Windows.time("from", "19:00"),
        Windows.time("to", "07:00"),
        ZoneId.of("Europe/Berlin"),
        "admin",
        T0);
  }
}
