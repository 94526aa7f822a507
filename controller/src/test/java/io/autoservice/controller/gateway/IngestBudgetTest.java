package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestBudgetTest {
  @Test
  void shouldHoldCreditsBackWhileTheFleetIsOverItsBytesAndReleaseThemInOrder() {
    IngestBudget budget = new IngestBudget(1_000);
    List<String> credited = new ArrayList<>();
    budget.taken(600);
    budget.taken(600); // over the limit: 1,200 held

    budget.released(100, () -> credited.add("a")); // 1,100 held: still over
    budget.released(100, () -> credited.add("b")); // 1,000 held: not under
    assertThat(credited).isEmpty();
    assertThat(budget.parked()).isEqualTo(2);
    assertThat(budget.roomy()).isFalse();

    budget.released(
        500, () -> credited.add("c")); // 500 held: under, every parked credit goes, in order
    assertThat(credited).containsExactly("a", "b", "c");
    assertThat(budget.parked()).isZero();
    assertThat(budget.roomy()).as("at half the limit there is no room to grow windows").isFalse();

    budget.released(100, () -> credited.add("d"));
    assertThat(credited).endsWith("d");
    assertThat(budget.roomy()).isTrue();
  }
}
