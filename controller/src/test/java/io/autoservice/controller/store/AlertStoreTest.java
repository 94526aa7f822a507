package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertDelivery;
import io.autoservice.controller.model.AlertFilter;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.AlertScope;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Alerts on both engines: raised once even by concurrent writers, listed, acked, resolved. */
class AlertStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path data;

  private static AlertFinding finding(String agent, String subject) {
    return new AlertFinding(
        "smart_health_failed", agent, subject, "PC-" + agent, "critical", "drive failed", "r0");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldRaiseOnceWhileOpenEvenWhenTwoWritersRaceAndAgainOnceResolved(Engine engine)
      throws Exception {
    try (Database db = engine.open(data)) {
      AlertStore store = db.stores().alerts();
      // given two evaluations (two replicas) of the same condition at the same moment
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<AlertStore.Applied>> racers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String run = "race-" + i;
        racers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return store.apply(
                      run,
                      T0,
                      List.of(finding("pc-1", "/dev/sda")),
                      List.of(),
                      List.of("webhook"),
                      false);
                }));
      }
      go.countDown();
      int raised = 0;
      for (CompletableFuture<AlertStore.Applied> f : racers) {
        raised += f.get().raised().size();
      }

      // then one alert is open, with one notification queued
      assertThat(raised).isEqualTo(1);
      List<Alert> open = store.list(new AlertFilter(Set.of(), null, null, null, 0, 10));
      assertThat(open).hasSize(1);
      assertThat(store.deliveryStates(open.get(0).id()))
          .containsExactly("webhook/raised=pending(0)");

      // when a later run no longer shows it, it resolves; when it shows up again, it is new
      AlertStore.Applied healthy =
          store.apply(
              "r2",
              T0.plusSeconds(60),
              List.of(),
              List.of(new AlertScope("smart_health_failed", "pc-1", null)),
              List.of("webhook"),
              true);
      assertThat(healthy.resolved()).extracting(Alert::id).containsExactly(open.get(0).id());
      assertThat(store.deliveryStates(open.get(0).id()))
          .containsExactly("webhook/raised=pending(0)", "webhook/resolved=pending(0)");
      AlertStore.Applied again =
          store.apply(
              "r3",
              T0.plusSeconds(120),
              List.of(finding("pc-1", "/dev/sda")),
              List.of(),
              List.of(),
              false);
      assertThat(again.raised()).hasSize(1);
      assertThat(again.raised().get(0).id()).isNotEqualTo(open.get(0).id());

      // and a run evaluated before changes nothing
      assertThat(store.apply("r3", T0, List.of(finding("pc-2", "")), List.of(), List.of(), false))
          .isEqualTo(AlertStore.Applied.ALREADY);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldListByStateAgentAndRuleInPagesAndAcknowledge(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      AlertStore store = db.stores().alerts();
      List<AlertFinding> many = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        many.add(finding("pc-" + (i % 2), "/dev/sd" + (char) ('a' + i)));
      }
      store.apply("r1", T0, many, List.of(), List.of(), false);
      Alert newest = store.list(new AlertFilter(Set.of(), null, null, null, 0, 1)).get(0);

      Alert acked =
          store.acknowledge(newest.id(), "anna", "ordered", T0.plusSeconds(5)).orElseThrow();
      assertThat(acked.state()).isEqualTo(Alert.State.ACKED);
      assertThat(acked.ackedAt()).isEqualTo(T0.plusSeconds(5));
      // acknowledging again keeps the first acknowledgement
      assertThat(
              store
                  .acknowledge(newest.id(), "bob", "again", T0.plusSeconds(9))
                  .orElseThrow()
                  .ackedBy())
          .isEqualTo("anna");
      assertThat(store.acknowledge(9_999, "bob", null, T0)).isEmpty();

      assertThat(
              store.list(new AlertFilter(EnumSet.of(Alert.State.OPEN), null, null, null, 0, 100)))
          .hasSize(4);
      assertThat(
              store.list(new AlertFilter(EnumSet.of(Alert.State.ACKED), null, null, null, 0, 100)))
          .extracting(Alert::id)
          .containsExactly(newest.id());
      assertThat(store.list(new AlertFilter(Set.of(), "pc-0", null, null, 0, 100))).hasSize(3);
      assertThat(store.list(new AlertFilter(Set.of(), null, "disk_space", null, 0, 100))).isEmpty();
      assertThat(store.list(new AlertFilter(Set.of(), null, null, T0.plusSeconds(1), 0, 100)))
          .isEmpty();
      List<Alert> page1 = store.list(new AlertFilter(Set.of(), null, null, null, 0, 2));
      List<Alert> page2 =
          store.list(new AlertFilter(Set.of(), null, null, null, page1.get(1).id(), 2));
      assertThat(page1).hasSize(2);
      assertThat(page2).hasSize(2);
      assertThat(page2.get(0).id()).isLessThan(page1.get(1).id());
      assertThat(store.openCount()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldLetOneSenderClaimADeliveryAndFindRunsNeverEvaluated(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      AlertStore store = db.stores().alerts();
      store.apply("r1", T0, List.of(finding("pc-1", "")), List.of(), List.of("email"), false);
      AlertDelivery due = store.due("email", T0, 10).get(0);

      assertThat(store.claim(due, T0.plusSeconds(120))).isTrue();
      assertThat(store.claim(due, T0.plusSeconds(120))).as("a second sender").isFalse();
      assertThat(store.due("email", T0.plusSeconds(60), 10)).isEmpty();
      assertThat(store.due("email", T0.plusSeconds(120), 10)).hasSize(1);

      RunStore runs = db.stores().runs();
      for (String id : List.of("r1", "r2")) {
        runs.insert(
            new RunRecord(
                id,
                "pc-1",
                "PC-1",
                id.equals("r1") ? 1 : 2,
                RunState.FINISHED,
                RunStatus.OK,
                PlanParser.parse("[{\"type\":\"hello_service\"}]"),
                1,
                "anna",
                T0,
                T0.plusSeconds(3600),
                T0.plusSeconds(10),
                0,
                null,
                null,
                null),
            null);
      }
      assertThat(store.unevaluated(T0, 10)).containsExactly("r2");
      assertThat(store.pruneEvaluated(T0.plusSeconds(1))).isEqualTo(1);
      assertThat(store.unevaluated(T0, 10)).containsExactly("r1", "r2");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldPruneAlertsResolvedBeforeTheCutoffWithTheirNotificationsOnly(Engine engine)
      throws Exception {
    try (Database db = engine.open(data)) {
      AlertStore store = db.stores().alerts();
      // given an alert raised and resolved early (a notification queued), and one still open
      store.apply(
          "r1", T0, List.of(finding("pc-1", "/dev/sda")), List.of(), List.of("webhook"), false);
      store.apply(
          "r2",
          T0.plusSeconds(60),
          List.of(),
          List.of(new AlertScope("smart_health_failed", "pc-1", null)),
          List.of(),
          false);
      store.apply(
          "r3", T0, List.of(finding("pc-2", "/dev/sda")), List.of(), List.of("webhook"), false);
      long resolvedId =
          store.list(new AlertFilter(Set.of(), "pc-1", null, null, 0, 10)).get(0).id();

      // when resolved alerts older than a minute later are pruned, in chunks of one
      int first = store.pruneResolved(T0.plusSeconds(120), 1);
      int second = store.pruneResolved(T0.plusSeconds(120), 1);

      // then the resolved one is gone with its notification, the open one stays
      assertThat(first).isEqualTo(1);
      assertThat(second).isZero();
      assertThat(store.list(new AlertFilter(Set.of(), null, null, null, 0, 10)))
          .extracting(Alert::agentId)
          .containsExactly("pc-2");
      assertThat(store.deliveryStates(resolvedId)).isEmpty();
    }
  }
}
